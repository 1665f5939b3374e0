using System.Text.Json;
using SharingLedger.Tests.Ledger;
using SharingLedger.Tests.Support;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.LendingDuties;

/// <summary>Target ratio, minimum supplies, service times and free pages per year, as the member sees them (lending view and obligations).</summary>
public class LendingDutiesTests(LedgerHost host) : LedgerTest(host)
{
    private Task<LoanScenario> With(Action<Dictionary<string, object?>> terms, params string[] members) => LoanScenario.Create(Host, Api, _ =>
    {
        var fees = LoanScenario.DefaultFees();
        terms(fees);
        return fees;
    }, members);

    private Task<JsonElement> Lending(LoanScenario s, string member, string? query = null) =>
        Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members[member]}/lending{query}"));

    private async Task<JsonElement> LendingItem(LoanScenario s, string member, int year)
    {
        var o = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members[member], year));
        return o.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "lending");
    }

    [Fact]
    public async Task The_member_sees_supplied_borrowed_its_ratio_and_whether_it_meets_the_target()
    {
        var s = await With(f => f["targetRatio"] = new { supplied = 2, borrowed = 3 }, "A", "B");
        (string Borrower, string Lender, string On)[] traffic =
            [("A", "B", "2026-02-02"), ("A", "B", "2026-02-03"), ("A", "B", "2026-02-04"), ("B", "A", "2026-02-05"), ("A", "B", "2026-02-06")];
        foreach (var (borrower, lender, on) in traffic) await s.Shipped(borrower, lender, on);

        foreach (var member in new[] { "A", "B" })
        {
            long supplied = traffic.Count(t => t.Lender == member), borrowed = traffic.Count(t => t.Borrower == member);
            var meets = supplied * 3 >= borrowed * 2;                                  // supplied/borrowed ≥ 2/3
            var shortBy = Math.Max(0, (borrowed * 2 + 2) / 3 - supplied);              // least s with (supplied+s)·3 ≥ borrowed·2
            var view = await Lending(s, member, "?fiscalYear=2026");
            var ratio = view.GetProperty("targetRatio");
            Assert.Equal((supplied, borrowed), (view.GetProperty("supplied").GetInt64(), view.GetProperty("borrowed").GetInt64()));
            Assert.Equal("2:3", ratio.GetProperty("target").GetString());
            Assert.Equal($"{supplied}:{borrowed}", ratio.GetProperty("actual").GetString());
            Assert.Equal(meets, ratio.GetProperty("meetsTarget").GetBoolean());
            Assert.Equal(shortBy, ratio.GetProperty("suppliesShort").GetInt64());

            var item = await LendingItem(s, member, 2026);
            Assert.Equal(meets, item.GetProperty("lending").GetProperty("targetRatio").GetProperty("meetsTarget").GetBoolean());
            Assert.Contains($"actual {supplied}:{borrowed}: " + (meets ? "met." : "not met."), item.GetProperty("explanation").GetString());
        }
        // A supplied 1 for 4 borrowed: below 2:3, so warned; B supplied 4 for 1 and is not.
        Assert.Contains((await Lending(s, "A")).GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("below the target of 2:3"));
        Assert.Empty((await Lending(s, "B")).GetProperty("warnings").EnumerateArray());
        Assert.Equal("1/4", (await Lending(s, "A")).GetProperty("targetRatio").GetProperty("actualValue").GetString());
    }

    [Fact]
    public async Task Supplies_in_the_rolling_window_ending_on_the_query_day_are_counted_with_a_warning_when_short()
    {
        const int minimum = 3, windowDays = 30;
        var s = await With(f => f["minimumSupplies"] = new { supplies = minimum, windowDays }, "A", "B");
        string[] shipped = ["2026-03-01", "2026-03-02", "2026-03-31"];
        foreach (var on in shipped) await s.Shipped("A", "B", on);

        foreach (var asOf in new[] { "2026-03-31", "2026-04-01", "2026-04-30" })
        {
            var end = DateOnly.Parse(asOf);
            var start = end.AddDays(1 - windowDays);
            var inWindow = shipped.Select(DateOnly.Parse).Count(d => d >= start && d <= end);
            var view = await Lending(s, "B", $"?asOf={asOf}");
            var window = view.GetProperty("minimumSupplies");
            Assert.Equal(asOf, view.GetProperty("asOf").GetString());
            Assert.Equal(start.ToString("yyyy-MM-dd"), window.GetProperty("windowStart").GetString());
            Assert.Equal((inWindow, minimum, minimum - inWindow), (window.GetProperty("supplied").GetInt32(),
                window.GetProperty("minimum").GetInt32(), window.GetProperty("shortfall").GetInt32()));
            Assert.True(window.GetProperty("fallsShort").GetBoolean());
            Assert.Contains(view.GetProperty("warnings").EnumerateArray(),
                w => w.GetString() == $"Supplied {inWindow} in the {windowDays} days from {start:yyyy-MM-dd} to {asOf}; the agreement asks for at least {minimum}: {minimum - inWindow} short.");
        }

        // Enough supplies in the window: no warning.
        await s.Shipped("A", "B", "2026-03-20");
        var met = await Lending(s, "B", "?asOf=2026-03-31");
        Assert.False(met.GetProperty("minimumSupplies").GetProperty("fallsShort").GetBoolean());
        Assert.Empty(met.GetProperty("warnings").EnumerateArray());

        // The obligations query judges the window ending today (the test clock's day, in fiscal year 2026): nothing shipped then.
        var item = await LendingItem(s, "B", 2026);
        var today = item.GetProperty("lending").GetProperty("minimumSupplies");
        Assert.Equal(LedgerHost.Now.InUtc().Date.ToString("uuuu-MM-dd", null), today.GetProperty("windowEnd").GetString());
        Assert.Equal(0, today.GetProperty("supplied").GetInt32());
        Assert.Contains($"Warning: Supplied 0 in the {windowDays} days", item.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task Late_answers_and_late_shipments_are_counted_against_the_agreed_working_days()
    {
        // Normal: answer within 2 working days, ship within 5; rush: 1 and 2; Wednesday 2026-03-04 is a holiday.
        var s = await With(f => f["serviceTimes"] = new
        {
            levels = new object[] { new { answerWithinDays = 2, shipWithinDays = 5 }, new { serviceLevel = "rush", answerWithinDays = 1, shipWithinDays = 2 } },
            holidays = new[] { "2026-03-04" },
        }, "A", "B");

        // Requests on Monday 03-02 (normal): answer due Thu 03-05 (03-03, 03-05), ship due Tue 03-10 (03-03, 05, 06, 09, 10).
        // Request on Friday 03-06 (rush): answer due Mon 03-09, ship due Tue 03-10.
        var onTime = await s.Request("A", "B", on: "2026-03-02");
        await s.Do(onTime, "willSupply", new { on = "2026-03-05" });
        await s.Do(onTime, "shipped", new { on = "2026-03-10" });
        var bothLate = await s.Request("A", "B", on: "2026-03-02");
        await s.Do(bothLate, "expectToSupply", new { on = "2026-03-06" });  // answer late
        await s.Do(bothLate, "shipped", new { on = "2026-03-11" });         // shipment late
        var rush = await s.Request("A", "B", level: "rush", on: "2026-03-06");
        await s.Do(rush, "willSupply", new { on = "2026-03-09" });          // on time
        await s.Do(rush, "shipped", new { on = "2026-03-11" });             // shipment late
        var withdrawn = await s.Request("A", "B", on: "2026-03-02");
        await s.Do(withdrawn, "cancelled", new { on = "2026-03-03" });      // withdrawn in time: no breach
        var refused = await s.Request("A", "B", on: "2026-03-02");
        await s.Do(refused, "unfilled", new { on = "2026-03-03" });         // answered in time, nothing to ship
        var silent = await s.Request("A", "B", on: "2026-03-02");           // never answered: both late once the deadlines pass
        await s.Shipped("B", "A", "2026-03-02");                            // A as lender: shipped the day it was asked

        var late = await Lending(s, "B", "?asOf=2026-03-31");
        var t = late.GetProperty("turnaround");
        Assert.Equal((6, 2, 4, 3), (t.GetProperty("requestsMeasured").GetInt32(), t.GetProperty("answersLate").GetInt32(),
            t.GetProperty("shipmentsMeasured").GetInt32(), t.GetProperty("shipmentsLate").GetInt32()));
        var breaches = t.GetProperty("breaches").EnumerateArray()
            .Select(b => (b.GetProperty("loanId").GetGuid(), b.GetProperty("deadline").GetString(), b.GetProperty("due").GetString())).ToHashSet();
        Assert.Equal(new HashSet<(Guid, string?, string?)>
        {
            (bothLate, "answer", "2026-03-05"), (bothLate, "shipment", "2026-03-10"), (rush, "shipment", "2026-03-10"),
            (silent, "answer", "2026-03-05"), (silent, "shipment", "2026-03-10"),
        }, breaches);
        var agreed = t.GetProperty("agreed").EnumerateArray().ToDictionary(a => a.GetProperty("serviceLevel").GetString()!,
            a => (a.GetProperty("answerWithinDays").GetInt32(), a.GetProperty("shipWithinDays").GetInt32()));
        Assert.Equal((2, 5), agreed["normal"]);
        Assert.Equal((1, 2), agreed["rush"]);
        Assert.Equal((2, 5), agreed["express"]);

        // On 03-05 only the deadlines passed by then count: bothLate's answer (due 03-05, answered 03-06) is not late yet.
        var early = (await Lending(s, "B", "?asOf=2026-03-05")).GetProperty("turnaround");
        Assert.Equal((0, 0), (early.GetProperty("answersLate").GetInt32(), early.GetProperty("shipmentsLate").GetInt32()));
        var a = (await Lending(s, "A", "?asOf=2026-03-31")).GetProperty("turnaround");
        Assert.Equal((1, 0, 0), (a.GetProperty("requestsMeasured").GetInt32(), a.GetProperty("answersLate").GetInt32(), a.GetProperty("shipmentsLate").GetInt32()));

        var item = await LendingItem(s, "B", 2026);
        Assert.Equal(2, item.GetProperty("lending").GetProperty("turnaround").GetProperty("answersLate").GetInt32());
        Assert.Contains("2 answers late, 3 of 4 shipments late", item.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task Copies_draw_on_the_free_pages_per_year_and_the_member_sees_pages_used_and_left()
    {
        const int perCopy = 10, perYear = 25;
        var s = await With(f => f["freePagesPerYear"] = perYear, "A", "B", "C");
        int[] pages = [30, 18, 4, 12];
        var billedMinor = 0L;
        var billedCopies = 0;
        var left = perYear;
        foreach (var (p, i) in pages.Select((p, i) => (p, i)))
        {
            var copy = await s.Request("A", "B", type: "copy", on: $"2026-04-0{i + 1}");
            await s.Do(copy, "copyCompleted", new { on = $"2026-04-0{i + 1}", pages = p });
            var chargeable = Math.Max(0, p - perCopy);
            var fromAllowance = Math.Min(left, chargeable);
            left -= fromAllowance;
            billedMinor += (chargeable - fromAllowance) * 20;
            if (chargeable > fromAllowance) billedCopies++; // a copy with nothing to bill is no billed borrowing and draws no fee
            var loan = await s.Loan(copy);
            Assert.Equal(chargeable - fromAllowance, loan.GetProperty("charge").GetProperty("billedPages").GetInt32());
            Assert.Equal(((chargeable - fromAllowance) * 0.20m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
                LoanScenario.Amount(loan.GetProperty("charge"), "charge"));
        }

        var free = (await Lending(s, "A")).GetProperty("freePages");
        Assert.Equal((perYear, perYear - left, left), (free.GetProperty("allowance").GetInt32(), free.GetProperty("used").GetInt32(), free.GetProperty("left").GetInt32()));
        var mid = (await Lending(s, "A", "?asOf=2026-04-01")).GetProperty("freePages");
        Assert.Equal((20, 5), (mid.GetProperty("used").GetInt32(), mid.GetProperty("left").GetInt32())); // the first copy took 30 − 10 = 20
        Assert.Equal(perYear, (await Lending(s, "C")).GetProperty("freePages").GetProperty("left").GetInt32());
        var item = await LendingItem(s, "A", 2026);
        Assert.Contains($"Free document-delivery pages: {perYear - left} of {perYear} used, {left} left.", item.GetProperty("explanation").GetString());
        Assert.Equal(perYear, (await Lending(s, "A", "?fiscalYear=2025"))
            .GetProperty("freePages").GetProperty("left").GetInt32());
        // The clearing bills A only the pages beyond both allowances (and the fee per billed copy); the postings balance.
        await Api.Ok(s.Settle("2026-04"), 201);
        var clearing = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-04")));
        Assert.Equal((-(billedMinor + 26 * billedCopies) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), clearing["A"]);
        await LedgerChecks.AssertBalanced(Host, s.ConsortiumId);
    }

    [Fact]
    public async Task Bad_duty_terms_are_refused_on_adoption_naming_the_field_and_record_nothing()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var fees = LoanScenario.DefaultFees();
        fees["targetRatio"] = new { supplied = 1, borrowed = 0 };
        fees["minimumSupplies"] = new { supplies = 0, windowDays = 90 };
        fees["serviceTimes"] = new
        {
            levels = new object[] { new { answerWithinDays = 3, shipWithinDays = 2 }, new { answerWithinDays = 1, shipWithinDays = 2 } },
            holidays = new[] { "2026-12-25", "2026-12-25" },
        };
        fees["freePagesPerYear"] = -1;
        var (status, body) = await Api.Post($"/consortia/{s.ConsortiumId}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-01-01", signatories = s.Members.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            lending = fees,
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "lending.targetRatio.borrowed", "lending.minimumSupplies.supplies", "lending.serviceTimes.levels[0].shipWithinDays",
            "lending.serviceTimes.levels[1].serviceLevel", "lending.serviceTimes.holidays", "lending.freePagesPerYear",
        }, errors);
        Assert.DoesNotContain("lending.targetRatio.supplied", errors);
        var agreement = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/agreement"));
        Assert.Equal(1, agreement.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task The_as_of_day_must_be_a_date_of_the_year_and_not_after_today()
    {
        var s = await With(f => f["minimumSupplies"] = new { supplies = 1, windowDays = 7 }, "A", "B");
        var url = $"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/lending";
        Assert.Equal(400, (await Api.Get($"{url}?asOf=31.03.2026")).Status);
        var (status, body) = await Api.Get($"{url}?fiscalYear=2025&asOf=2026-03-31");
        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("asOf", out _));
        Assert.Equal(422, (await Api.Get($"{url}?asOf=2099-01-01")).Status);
        Assert.Equal(2025, (await Api.Ok(Api.Get($"{url}?asOf=2025-06-30"))).GetProperty("fiscalYear").GetInt32());
    }
}
