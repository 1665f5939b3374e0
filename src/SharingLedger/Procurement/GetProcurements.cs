using Marten;
using Marten.Linq;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Procurement;

public static class GetProcurementsEndpoint
{
    /// <summary>
    /// The consortium's procurements, newest proposal first, a page at a time. A member system: only those it is invited to, each with
    /// its own answer and share and no other member's.
    /// </summary>
    /// <param name="limit">Procurements a page holds (default 100).</param>
    /// <param name="offset">Procurements to skip (default 0).</param>
    [ProducesResponseType(typeof(List<ProcurementView>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/procurements")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, ISubjectHoldings holdings,
        IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var member = Access.Actor.RestrictedTo(http);
        var page = await ProcurementsSeen.By(session, consortiumId, member).Stats(out var stats).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
        var views = new List<ProcurementView>(); // the duplicate-buying warning is worked out for the page's procurements only, and for staff
        foreach (var p in page)
            views.Add(member is { } m ? ProcurementView.From(p, []).SeenBy(m) : ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
        return paging.Respond(http, stats.TotalResults, views);
    }

    /// <summary>
    /// One joint procurement with its answers, award, invoice, shares, reconciliation and the duplicate-buying warning. A member system:
    /// only one it is invited to (else 404, as an unknown one), with its own answer and share and no other member's.
    /// </summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/procurements/{procurementId}")]
    public static async Task<IResult> Get(Guid consortiumId, Guid procurementId, IQuerySession session, ISubjectHoldings holdings, HttpContext http,
        CancellationToken ct)
    {
        var p = await session.LoadAsync<JointProcurement>(procurementId, ct);
        var member = Access.Actor.RestrictedTo(http);
        if (p is null || p.ConsortiumId != consortiumId || member is { } invited && !p.IsInvited(invited)) return Problems.NotFound("procurement", procurementId);
        return Results.Ok(member is { } m ? ProcurementView.From(p, []).SeenBy(m)
            : ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
    }
}
