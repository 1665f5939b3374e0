using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

/// <summary>Finance's decision on a procurement split the agreement could not make: each committed member's share (member id → amount in the base currency) and why.</summary>
public sealed record DecideProcurementSplit(string? Reason, IReadOnlyDictionary<Guid, MoneyInput>? Shares);

public static class DecideProcurementSplitEndpoint
{
    public static IResult Validate(DecideProcurementSplit? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);

    /// <summary>Record finance's decision on a procurement whose invoice the agreement could not split (it "needs a decision"): the shares decided, the rest borne by the central fund.</summary>
    [ProducesResponseType(typeof(ProcurementSplitDecided), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/split-decision")]
    public static (IResult, Events) Post(DecideProcurementSplit? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementSplitDecisions.Decide(procurement!, command!, consortium!, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/procurements/{procurement!.Id}", e));
}
