using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Audit;

/// <summary>The verification as the council sees it: its consortium's own chain (<c>scope</c> "consortium").</summary>
/// <remarks>
/// <see cref="Derived"/> are the figures recomputed from the events (postings, running totals), each with the first place it
/// differs; <see cref="FirstDerivedBreak"/> is the first of those. A chain that is intact while a derived figure differs is
/// not intact, with state "derived-differs".
/// </remarks>
public sealed record ChainVerificationView(string Scope, string State, bool Intact, long EventsChecked, ChainDigest? VerifiedThrough, ChainBreak? FirstBreak,
    long Pending, long Overdue, int DigestsChecked, IReadOnlyList<DerivedCheck>? Derived = null, DerivedBreak? FirstDerivedBreak = null);

public static class VerifyChainEndpoint
{
    /// <summary>
    /// Walk the consortium's tamper-evident hash chain from its first event and name the first event that does not match.
    /// Each consortium has its own chain, so this reads only the consortium's events; events not yet chained are counted as pending,
    /// and when some were recorded longer ago than the grace period (<c>Audit:ChainGraceSeconds</c>) the chain has stopped:
    /// the answer is not intact, with state "stalled". Then the figures derived from the events (each posting, the running
    /// totals) are recomputed and the first that differs is named (state "derived-differs").
    /// </summary>
    [ProducesResponseType(typeof(ChainVerificationView), 200)]
    [Allow(Roles.Auditor)]
    [WolverineGet("/consortia/{consortiumId}/audit/verification")]
    public static async Task<IResult> Get(Guid consortiumId, IQuerySession session, IDocumentStore store, ChainMonitor monitor,
        IEnumerable<IDerivedFiguresCheck> derivedChecks, CancellationToken ct)
    {
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var chain = ChainVerifier.VerifyAsync(store, monitor, session.TenantId, ct);
        var checks = DerivedFigures.CheckAllAsync(store, session.TenantId, derivedChecks, consortiumId, ct);
        await Task.WhenAll(chain, checks); // both awaited, so a failure of one is not left unobserved while the other runs
        var (v, derived) = (await chain, await checks);
        var firstDerived = derived.Select(d => d.FirstBreak).FirstOrDefault(b => b is not null);
        var (state, intact) = v.Intact && firstDerived is not null ? ("derived-differs", false) : (v.State, v.Intact);
        return Results.Ok(new ChainVerificationView("consortium", state, intact, v.EventsChecked, v.VerifiedThrough, v.FirstBreak, v.Pending, v.Overdue,
            v.DigestsChecked, derived, firstDerived));
    }
}
