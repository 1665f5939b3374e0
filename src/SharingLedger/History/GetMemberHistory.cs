using Marten;
using NodaTime;
using SharingLedger.Dues;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.History;

/// <summary>One stored event that concerns a member, as recorded.</summary>
public sealed record HistoryEntry(long Sequence, Guid StreamId, long StreamVersion, string EventType, Instant RecordedAt,
    string? RecordedBy, string? CorrelationId, object Data);

public static class GetMemberHistoryEndpoint
{
    /// <summary>
    /// Every event about the member in the order the ledger recorded them: its own stream, and the dues
    /// assessments that gave it a share (shown with that share only).
    /// </summary>
    /// <param name="limit">Events a page holds (default 100).</param>
    /// <param name="offset">Events to skip (default 0).</param>
    [ProducesResponseType(typeof(List<HistoryEntry>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/history")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var duesStreams = (await session.Query<DuesAssessment>().Where(d => d.ConsortiumId == consortiumId).ToListAsync(ct))
            .Where(d => d.ShareOf(memberId) is not null)
            .Select(d => d.Id)
            .ToList();
        var streams = duesStreams.Append(memberId).ToArray();

        // Marten counts raw events apart from reading them (its query statistics do not cover the event table).
        var events = session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(streams));
        var total = await events.CountAsync(ct);
        var page = await events.OrderBy(e => e.Sequence).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);

        return paging.Respond(http, total, page.Select(e => new HistoryEntry(e.Sequence, e.StreamId, e.Version, e.EventTypeName, Instant.FromDateTimeOffset(e.Timestamp),
            e.UserName, e.CorrelationId, e.Data switch
            {
                DuesAssessed d => new { d.FiscalYear, d.AgreementVersion, d.Total, share = d.Shares.First(s => s.MemberId == memberId) },
                DuesRestated r => new
                {
                    r.FiscalYear, r.AgreementVersion, r.ReplacesAgreementVersion, r.Total,
                    share = r.Shares.FirstOrDefault(s => s.MemberId == memberId), difference = r.Differences.FirstOrDefault(s => s.MemberId == memberId),
                },
                _ => e.Data,
            })).ToList());
    }
}
