using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class SettleClearingEndpoint
{
    /// <summary>
    /// Settle a month that is over: record its positions (who pays the clearing account, who is paid) and the fund's fees.
    /// Once per month (409 after); afterwards no charge may post in it.
    /// </summary>
    [ProducesResponseType(typeof(ClearingView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/clearing/{month}/settlement")]
    public static async Task<IResult> Post(Guid consortiumId, string month, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!Months.TryParse(month, out var yearMonth)) return Problems.BadRequest("The month must be yyyy-MM, e.g. 2026-10.");
        var text = Months.Format(yearMonth);
        await WriteLocks.ClearingExclusiveAsync(session, consortiumId, ct); // in-flight loan actions finish first; new ones wait
        var id = StreamIds.Clearing(consortiumId, text);
        if (await session.LoadAsync<ClearingSettlement>(id, ct) is { } done)
            return Problems.Conflict($"The clearing of {text} was already settled at {done.Settled.SettledAt}.");

        var view = await GetClearingEndpoint.ComputeAsync(session, consortium, yearMonth, ct);
        var today = consortium.Calendar().Today(clock);
        if (view.PeriodEnd >= today) return Problems.RuleViolated("month", $"{text} is not over yet (today is {today:uuuu-MM-dd}); settle it from the first day after it.");

        var now = clock.GetCurrentInstant();
        session.Events.StartStream<ClearingSettlement>(id, new ClearingSettled(id, consortiumId, text, view.PeriodStart, view.PeriodEnd,
            view.Currency, view.Positions, view.Fund, view.Charges.Count, now));
        return Results.Created($"/consortia/{consortiumId}/clearing/{text}", view with { Settled = true, SettledAt = now });
    }
}
