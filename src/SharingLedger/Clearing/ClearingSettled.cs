using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

/// <summary>
/// A member's month in clearing: what it lent (is owed), borrowed (owes) and paid in fees, netted as
/// Lent − Borrowed − Fees. <paramref name="Settlement"/> says who moves money: <c>receives</c> (positive net: the
/// clearing account pays the member), <c>pays</c> (negative net: the member pays the clearing account) or <c>none</c>.
/// <paramref name="Requests"/> (since issue 13; absent on older events) are the request ids of the loans the member borrowed or lent
/// whose charges were cleared in the month, which name the bill on statements.
/// </summary>
public sealed record ClearingPositionLine(
    Guid MemberId,
    string MemberCode,
    Money Lent,
    Money Borrowed,
    Money Fees,
    Money Net,
    int BilledBorrowings,
    string Settlement,
    IReadOnlyList<string>? Requests = null);

/// <summary>
/// The council settled a month's interlibrary-loan clearing: these positions are final, the members who pay and the
/// members who are paid through the clearing account, and the fees that go to the central fund. Positions plus the fund
/// sum to zero. No charge may post in the month afterwards.
/// </summary>
public sealed record ClearingSettled(
    Guid SettlementId,
    Guid ConsortiumId,
    string Month,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string Currency,
    IReadOnlyList<ClearingPositionLine> Positions,
    Money Fund,
    int ChargeCount,
    Instant SettledAt);

/// <summary>A settled month (inline snapshot of its stream, <c>StreamIds.Clearing(consortiumId, month)</c>).</summary>
public sealed class ClearingSettlement
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public string Month { get; set; } = "";
    public LocalDate PeriodStart { get; set; }
    public LocalDate PeriodEnd { get; set; }
    /// <summary>The settlement as it now stands: positions and fund of the latest restatement, if any.</summary>
    public ClearingSettled Settled { get; set; } = null!;
    public List<ClearingRestated> Restatements { get; set; } = [];
    public int Version { get; set; }

    public static ClearingSettlement Create(ClearingSettled e) => new()
    {
        Id = e.SettlementId, ConsortiumId = e.ConsortiumId, Month = e.Month, PeriodStart = e.PeriodStart, PeriodEnd = e.PeriodEnd, Settled = e,
    };

    public void Apply(ClearingRestated e)
    {
        this.Restatements.Add(e); // the settlement's own list (not the Restatements slice)
        Settled = Settled with { Positions = e.Positions, Fund = e.Fund };
    }
}
