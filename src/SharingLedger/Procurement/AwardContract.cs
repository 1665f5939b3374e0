using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

/// <summary>Award the contract to a vendor at the actual cost (any supported currency).</summary>
public sealed record AwardContract(string Vendor, MoneyInput? ActualCost);

public static class AwardContractEndpoint
{
    public static IResult Validate(AwardContract? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);
    public static Task<ProcurementFacts> LoadAsync(Guid consortiumId, IEventStream<JointProcurement> stream, IQuerySession session, ISubjectHoldings holdings, CancellationToken ct) =>
        ProcurementAccess.FactsAsync(session, holdings, consortiumId, stream, withMembers: false, ct);

    /// <summary>Award a joint procurement to a vendor at the actual cost.</summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/award")]
    public static (IResult, Events) Post(AwardContract? command, ProcurementFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement)
    {
        var decision = ProcurementDecisions.Award(procurement!, command!, consortium!.Calendar().Today(clock), clock.GetCurrentInstant());
        return decision.Respond(_ => Results.Ok(ProcurementAccess.After(procurement!, decision, facts.Holders)));
    }
}
