using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using Wolverine.Http;

namespace SharingLedger.Ledger;

/// <summary>
/// A dispute as finance and the member see it: what was disputed, why and when, and its state: <c>open</c>, or <c>upheld</c>
/// (with the credit granted) or <c>rejected</c>, with the resolution's reason and date.
/// </summary>
public sealed record DisputeView(Guid DisputeId, Guid MemberId, string ItemId, string Reason, LocalDate RaisedOn, Instant RaisedAt,
    string State, Money? Credit, string? Resolution, LocalDate? ResolvedOn, Instant? ResolvedAt);

public static class GetDisputesEndpoint
{
    /// <summary>
    /// The consortium's disputes, oldest first, a page at a time, each with its state. A member system sees its own only
    /// (another member's id is unknown: 404).
    /// </summary>
    /// <param name="memberId">Only this member's disputes.</param>
    /// <param name="state"><c>open</c> or <c>resolved</c> (upheld or rejected); all when absent.</param>
    /// <param name="limit">Disputes a page holds (default 100).</param>
    /// <param name="offset">Disputes to skip (default 0).</param>
    [ProducesResponseType(typeof(List<DisputeView>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/disputes")]
    public static async Task<IResult> List(Guid consortiumId, Guid? memberId, string? state, int? limit, int? offset, IQuerySession session,
        IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (state is not (null or "open" or "resolved")) return Problems.BadRequest("state must be open or resolved.");
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        if (!Access.Actor.TryFilterMember(http, memberId, out var member)) return Problems.NotFound("member", memberId!);

        // The events are the record: the disputes raised in this consortium (the session's tenant), and their resolutions.
        var raised = session.Events.QueryRawEventDataOnly<DisputeRaised>().Where(d => d.ConsortiumId == consortiumId);
        if (member is { } m) raised = raised.Where(d => d.MemberId == m);
        if (state is not null)
        {
            var resolved = session.Events.QueryRawEventDataOnly<DisputeResolved>().Where(d => d.ConsortiumId == consortiumId);
            if (member is { } rm) resolved = resolved.Where(d => d.MemberId == rm);
            var closed = (await resolved.Select(d => d.DisputeId).ToListAsync(ct)).ToArray();
            raised = state == "open" ? raised.Where(d => !d.DisputeId.IsOneOf(closed)) : raised.Where(d => d.DisputeId.IsOneOf(closed));
        }

        var total = await raised.CountAsync(ct);
        var page = await raised.OrderBy(d => d.RecordedAt).ThenBy(d => d.DisputeId).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        var ids = page.Select(d => d.DisputeId).ToArray(); // the resolutions of this page's disputes only
        var resolutions = (await session.Events.QueryRawEventDataOnly<DisputeResolved>().Where(d => d.DisputeId.IsOneOf(ids)).ToListAsync(ct))
            .ToDictionary(r => r.DisputeId);
        return paging.Respond(http, total, page.Select(d => resolutions.GetValueOrDefault(d.DisputeId) is { } r
            ? new DisputeView(d.DisputeId, d.MemberId, d.ItemId, d.Reason, d.RaisedOn, d.RecordedAt, r.Upheld ? "upheld" : "rejected",
                r.Credit, r.Reason, r.ResolvedOn, r.RecordedAt)
            : new DisputeView(d.DisputeId, d.MemberId, d.ItemId, d.Reason, d.RaisedOn, d.RecordedAt, "open", null, null, null, null)).ToList());
    }
}
