using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// Decisions that read more than one loan must hold when requests race: the same request id, the last places of a quota,
/// and shipments dated in a month that is being settled at that moment. The outcome is checked, not the timing: a broken
/// lock shows as a second loan, a quota overrun or a charge the settlement did not clear (in most runs).
/// </summary>
public class LoanRaceTests(LedgerHost host) : LedgerTest(host)
{
    private const int Racers = 8;

    [Fact]
    public async Task Racing_requests_with_one_request_id_record_one_loan()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var answers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => s.Requesting("A", "B", requestId: "ILL-RACE-1")));

        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
        Assert.Equal(1, await s.LoanCount());
    }

    [Fact]
    public async Task Racing_requests_never_take_more_than_the_quota()
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["borrowingQuota"] = 3;
            return fees;
        }, "A", "B");
        var answers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => s.Requesting("A", "B")));

        Assert.Equal(3, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(422, a.Status));
        Assert.Equal(3, await s.LoanCount());
    }

    [Fact]
    public async Task A_shipment_racing_the_settlement_of_its_month_is_cleared_by_it_or_in_the_next_month_never_lost_or_twice()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loans = new List<Guid>();
        for (var i = 0; i < Racers; i++) loans.Add(await s.Request("A", "B", on: "2026-10-01"));

        var shipping = loans.Select(l => s.Act(l, "shipped", new { on = "2026-10-20" })).ToList();
        var settling = s.Settle("2026-10");
        var shipped = await Task.WhenAll(shipping);
        Assert.Equal(201, (await settling).Status);

        Assert.All(shipped, a => Assert.Equal(200, a.Status)); // a shipment is a fact: recorded, in October or (late) in November
        decimal Lent(JsonElement clearing)
        {
            var lender = clearing.GetProperty("positions").EnumerateArray().SingleOrDefault(p => p.GetProperty("memberCode").GetString() == "B");
            return lender.ValueKind == JsonValueKind.Undefined ? 0m : decimal.Parse(LoanScenario.Amount(lender, "lent"), System.Globalization.CultureInfo.InvariantCulture);
        }
        var october = Lent(await Api.Ok(s.Clearing("2026-10")));
        var november = await Api.Ok(s.Clearing("2026-11"));
        Assert.Equal(15.00m * Racers, october + Lent(november)); // every charge cleared exactly once
        Assert.All(november.GetProperty("charges").EnumerateArray(), c => Assert.Equal("2026-10", c.GetProperty("adjustsMonth").GetString()));
    }
}
