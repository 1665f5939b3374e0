using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

/// <summary>
/// The vendor's invoice. <c>rateToBase</c> (base units per invoice unit) is required when the invoice is not
/// in the consortium's base currency, and refused when it is.
/// </summary>
public sealed record InvoiceProcurement(string InvoiceNumber, LocalDate? InvoiceDate, MoneyInput? Amount, decimal? RateToBase);

public static class InvoiceProcurementEndpoint
{
    public static IResult Validate(InvoiceProcurement? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);
    public static Task<ProcurementFacts> LoadAsync(Guid consortiumId, IEventStream<JointProcurement> stream, IQuerySession session, ISubjectHoldings holdings, CancellationToken ct) =>
        ProcurementAccess.FactsAsync(session, holdings, consortiumId, stream, withMembers: true, ct);

    /// <summary>Record a joint procurement's invoice (a foreign currency with its rate), split among the committed members.</summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/invoice")]
    public static (IResult, Events) Post(InvoiceProcurement? command, ProcurementFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement)
    {
        var decision = ProcurementDecisions.Invoice(procurement!, command!, consortium!, facts, consortium!.Calendar().Today(clock), clock.GetCurrentInstant());
        return decision.Respond(_ => Results.Ok(ProcurementAccess.After(procurement!, decision, facts.Holders)));
    }
}
