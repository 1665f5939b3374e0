using System.Security.Cryptography;
using System.Text;

namespace SharingLedger.Infrastructure;

/// <summary>
/// Deterministic stream ids for streams that exist once per natural key (a consortium's agreement,
/// its dues for a fiscal year), so that a second attempt to start one collides instead of duplicating.
/// RFC 9562 version 5 (SHA-1, name-based) UUIDs in a namespace of this application.
/// </summary>
public static class StreamIds
{
    private static readonly Guid Namespace = new("6f1d4a52-8f0e-4c8a-9a55-2b1e3c7d9e10");

    public static Guid Agreement(Guid consortiumId) => NameBased($"agreement:{consortiumId:D}");
    public static Guid Dues(Guid consortiumId, int fiscalYear) => NameBased($"dues:{consortiumId:D}:{fiscalYear}");
    public static Guid Clearing(Guid consortiumId, string month) => NameBased($"clearing:{consortiumId:D}:{month}");
    public static Guid ReimbursementClaims(Guid consortiumId, int fiscalYear) => NameBased($"reimbursement:{consortiumId:D}:{fiscalYear}");
    public static Guid ReimbursementPayout(Guid consortiumId, int fiscalYear) => NameBased($"reimbursement-payout:{consortiumId:D}:{fiscalYear}");
    public static Guid CollectingPlan(Guid consortiumId, int fiscalYear) => NameBased($"collecting:{consortiumId:D}:{fiscalYear}");
    public static Guid MemberAccount(Guid consortiumId, Guid memberId) => NameBased($"account:{consortiumId:D}:{memberId:D}");
    public static Guid FiscalPeriods(Guid consortiumId) => NameBased($"periods:{consortiumId:D}");

    public static Guid NameBased(string name)
    {
        var ns = Namespace.ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. ns, .. Encoding.UTF8.GetBytes(name)]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
