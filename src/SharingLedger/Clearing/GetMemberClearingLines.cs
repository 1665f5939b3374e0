using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Loans;
using Wolverine.Http;

namespace SharingLedger.Clearing;

/// <summary>
/// A member's line of one settled month's clearing: what it lent and borrowed, the fees, its net (positive: it is paid through
/// the clearing account; negative: it pays), how it settles and the request ids of the loans it was charged or credited for,
/// as the settlement (or its latest restatement) recorded them.
/// </summary>
public sealed record MemberClearingLine(string Month, LocalDate PeriodStart, LocalDate PeriodEnd, Instant SettledAt, ClearingPositionLine Line);

public static class GetMemberClearingLinesEndpoint
{
    /// <summary>
    /// The member's own line of each settled month, oldest month first, a page at a time. Every member of the consortium that month has
    /// one (0.00 when it took no part). A member system reads its own only (another member's id is unknown: 404); staff read any member's.
    /// </summary>
    /// <param name="limit">Months a page holds (default 100).</param>
    /// <param name="offset">Months to skip (default 0).</param>
    [ProducesResponseType(typeof(List<MemberClearingLine>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/clearing-lines")]
    public static async Task<IResult> List(Guid consortiumId, Guid memberId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await LoanAccess.MemberAsync(session, consortiumId, memberId, ct) is null) return Problems.NotFound("member", memberId);
        // A settled month is one document; a consortium settles twelve a year, so its lines are picked out here.
        var settled = await session.Query<ClearingSettlement>().Where(s => s.ConsortiumId == consortiumId).OrderBy(s => s.Month).ToListAsync(ct);
        var lines = settled
            .Select(s => (Month: s, Line: s.Settled.Positions.FirstOrDefault(p => p.MemberId == memberId)))
            .Where(x => x.Line is not null)
            .Select(x => new MemberClearingLine(x.Month.Month, x.Month.PeriodStart, x.Month.PeriodEnd, x.Month.Settled.SettledAt, x.Line!))
            .ToList();
        return paging.Respond(http, lines.Count, lines.Skip(paging.Offset).Take(paging.Limit).ToList());
    }
}
