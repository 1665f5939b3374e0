using Marten;
using JasperFx.Events;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

/// <summary>A month's clearing as computed under the exclusive clearing lock, and the consortium's today.</summary>
public sealed record ClearingMonth(ClearingView View, LocalDate Today);

// Wolverine loads the consortium and fetches the month's settlement stream for writing; Validate answers 404/400; LoadAsync
// takes the consortium's clearing lock alone (in-flight loan actions finish first, new ones wait) and computes the month;
// the pure decision (ClearingDecisions.Settle) answers; Wolverine starts the stream (a concurrent settlement is a 409).
public static class SettleClearingEndpoint
{
    public static Guid SettlementId(Guid consortiumId, string month) =>
        StreamIds.Clearing(consortiumId, Months.TryParse(month, out var m) ? Months.Format(m) : month);

    public static IResult Validate(Guid consortiumId, string month, Consortium? consortium)
    {
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!Months.TryParse(month, out _)) return Problems.BadRequest("The month must be yyyy-MM, e.g. 2026-10.");
        return WolverineContinue.Result();
    }

    public static async Task<ClearingMonth> LoadAsync(string month, Consortium? consortium, IEventStream<ClearingSettlement> settlement,
        IDocumentSession session, IClock clock, CancellationToken ct)
    {
        Months.TryParse(month, out var yearMonth);
        await WriteLocks.ClearingExclusiveAsync(session, consortium!.Id, ct);
        return new ClearingMonth(await GetClearingEndpoint.ComputeAsync(session, consortium, yearMonth, ct), consortium.Calendar().Today(clock));
    }

    /// <summary>
    /// Settle a month that is over: record its positions (who pays the clearing account, who is paid) and the fund's fees.
    /// Once per month (409 after); afterwards no charge may post in it.
    /// </summary>
    [ProducesResponseType(typeof(ClearingView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/clearing/{month}/settlement")]
    public static (IResult, Events) Post([NotBody] ClearingMonth facts, IClock clock, [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(SettlementId), Required = false)] ClearingSettlement? settlement) =>
        ClearingDecisions.Settle(settlement, StreamIds.Clearing(consortium!.Id, facts.View.Month), facts.View, facts.Today, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/clearing/{facts.View.Month}",
                facts.View with { Settled = true, SettledAt = ((ClearingSettled)e).SettledAt }));
}
