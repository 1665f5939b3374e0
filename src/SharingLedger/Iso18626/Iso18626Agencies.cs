using Marten;
using SharingLedger.Loans;
using SharingLedger.Membership;

namespace SharingLedger.Iso18626;

/// <summary>
/// The members a message's two agency ids name (<see cref="AgencyId.Matches"/>: "TYPE:VALUE" or the bare value, ignoring case). PostgreSQL
/// picks the members with an agency id equal, lower-cased, to one of the four forms, so a message reads two or three members, not every
/// member of the consortium (2,000 documents at a national network's size); the exact rule then decides among them. Should PostgreSQL's
/// lower-casing differ from .NET's for some character and leave a member out, the consortium's members are read and matched as before,
/// so no message is refused that the rule accepts (docs/decisions.md, "An ISO 18626 message reads the members it names").
/// </summary>
public static class Iso18626Agencies
{
    private const string Candidates =
        "where d.tenant_id = ? and exists (select 1 from jsonb_array_elements_text(case when jsonb_typeof(d.data -> 'illAgencyIds') = 'array' " +
        "then d.data -> 'illAgencyIds' else '[]'::jsonb end) a where lower(a) = any(?))";

    public static async Task<(Member? Requesting, Member? Supplying)> FindAsync(IQuerySession session, Guid consortiumId, AgencyId requesting,
        AgencyId supplying, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(session, consortiumId, [requesting, supplying], ct);
        var (borrower, lender) = (Find(candidates, requesting), Find(candidates, supplying));
        if (borrower is not null && lender is not null) return (borrower, lender);
        var members = await LoanAccess.MembersAsync(session, consortiumId, ct);
        return (Find(members, requesting), Find(members, supplying));
    }

    /// <summary>The consortium's members with an agency id equal, lower-cased by PostgreSQL, to one of the ids' forms.</summary>
    public static async Task<IReadOnlyList<Member>> CandidatesAsync(IQuerySession session, Guid consortiumId, IEnumerable<AgencyId> ids, CancellationToken ct)
    {
        string[] forms = [.. ids.SelectMany(id => new[] { id.ToString(), id.Value }).Select(f => f.ToLowerInvariant()).Distinct()];
        return Of(await session.QueryAsync<Member>(Candidates, ct, session.TenantId, forms), consortiumId);
    }

    private static List<Member> Of(IEnumerable<Member> members, Guid consortiumId) =>
        [.. members.Select(m => LoanAccess.OfConsortium(m, consortiumId)).OfType<Member>()];

    private static Member? Find(IEnumerable<Member> members, AgencyId id) => members.FirstOrDefault(m => m.IllAgencyIds.Any(id.Matches));
}
