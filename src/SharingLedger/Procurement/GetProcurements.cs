using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Procurement;

public static class GetProcurementsEndpoint
{
    /// <summary>The consortium's procurements, newest proposal first.</summary>
    [ProducesResponseType(typeof(List<ProcurementView>), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/procurements")]
    public static async Task<IResult> List(Guid consortiumId, IQuerySession session, ISubjectHoldings holdings, CancellationToken ct)
    {
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        var procurements = await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortiumId).ToListAsync(ct);
        var views = new List<ProcurementView>();
        foreach (var p in procurements.OrderByDescending(p => p.Proposal.ProposedAt).ThenByDescending(p => p.Id))
            views.Add(ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
        return Results.Ok(views);
    }

    /// <summary>One joint procurement with its answers, award, invoice, shares, reconciliation and the duplicate-buying warning.</summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/procurements/{procurementId}")]
    public static async Task<IResult> Get(Guid consortiumId, Guid procurementId, IQuerySession session, ISubjectHoldings holdings, CancellationToken ct)
    {
        var p = await session.LoadAsync<JointProcurement>(procurementId, ct);
        if (p is null || p.ConsortiumId != consortiumId) return Problems.NotFound("procurement", procurementId);
        return Results.Ok(ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
    }
}
