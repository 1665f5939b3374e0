using Marten;
using Npgsql;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Audit;

/// <summary>The verification as the council sees it: its consortium's own chain (<c>scope</c> "consortium").</summary>
public sealed record ChainVerificationView(string Scope, string State, bool Intact, long EventsChecked, ChainDigest? VerifiedThrough, ChainBreak? FirstBreak,
    long Pending, long Overdue, int DigestsChecked);

public static class VerifyChainEndpoint
{
    /// <summary>
    /// Walk the consortium's tamper-evident hash chain from its first event and name the first event that does not match.
    /// Each consortium has its own chain, so this reads only the consortium's events; events not yet chained are counted as pending,
    /// and when some were recorded longer ago than the grace period (<c>Audit:ChainGraceSeconds</c>) the chain has stopped:
    /// the answer is not intact, with state "stalled".
    /// </summary>
    [ProducesResponseType(typeof(ChainVerificationView), 200)]
    [Allow(Roles.Auditor)]
    [WolverineGet("/consortia/{consortiumId}/audit/verification")]
    public static async Task<IResult> Get(Guid consortiumId, IQuerySession session, IDocumentStore store, NpgsqlDataSource dataSource, ChainMonitor monitor, CancellationToken ct)
    {
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var v = await ChainVerifier.VerifyAsync(store, dataSource, monitor, session.TenantId, ct);
        return Results.Ok(new ChainVerificationView("consortium", v.State, v.Intact, v.EventsChecked, v.VerifiedThrough, v.FirstBreak, v.Pending, v.Overdue, v.DigestsChecked));
    }
}
