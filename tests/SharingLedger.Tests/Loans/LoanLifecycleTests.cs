using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

public class LoanLifecycleTests(LedgerHost host) : LedgerTest(host)
{
    private Task<LoanScenario> TwoMembers() => LoanScenario.WithDefaultFees(Host, Api, "A", "B");

    [Fact]
    public async Task A_loan_goes_from_request_to_completion_and_is_charged_when_shipped()
    {
        var s = await TwoMembers();
        var loan = await s.Request("A", "B", level: "rush", requestId: "ILL-1001", on: "2026-10-01");

        await s.Do(loan, "expectToSupply", new { on = "2026-10-02" });
        await s.Do(loan, "willSupply", new { on = "2026-10-03" });
        var shipped = await s.Do(loan, "shipped", new { on = "2026-10-05", dueDate = "2026-11-05" });
        await s.Do(loan, "received", new { on = "2026-10-08" });
        await s.Do(loan, "renewed", new { on = "2026-11-01", dueDate = "2026-12-05" });
        await s.Do(loan, "returnShipped", new { on = "2026-11-20" });
        var done = await s.Do(loan, "loanCompleted", new { on = "2026-11-25", note = "Back on the shelf" });

        Assert.Equal("shipped", shipped.GetProperty("state").GetString());
        Assert.Equal("loanCompleted", done.GetProperty("state").GetString());
        var view = await s.Loan(loan);
        Assert.Equal("ILL-1001", view.GetProperty("requestId").GetString());
        Assert.Equal("2026-12-05", view.GetProperty("dueDate").GetString());
        Assert.Equal("2026-10-05", view.GetProperty("suppliedOn").GetString());
        Assert.Equal(0, view.GetProperty("allowedActions").GetArrayLength());
        Assert.Equal(["requested", "expectToSupply", "willSupply", "shipped", "received", "received", "returnShipped", "loanCompleted"],
            view.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("to").GetString()));
        var charge = view.GetProperty("charge");
        Assert.Equal("20.00", LoanScenario.Amount(charge, "charge"));
        Assert.Equal("billed", charge.GetProperty("outcome").GetString());
        Assert.Equal("0.26", LoanScenario.Amount(charge, "transactionFee"));
        Assert.Equal("2026-10", charge.GetProperty("month").GetString());
        Assert.Equal(1, charge.GetProperty("agreementVersion").GetInt32());
        Assert.Equal(9, view.GetProperty("version").GetInt32()); // 8 steps and the charge
    }

    [Fact]
    public async Task A_copy_is_charged_per_page_beyond_the_free_pages_when_delivered()
    {
        var s = await TwoMembers();
        var copy = await s.Request("A", "B", type: "copy", level: "rush", on: "2026-10-01");

        await s.Do(copy, "holdPlaced", new { on = "2026-10-02" });
        await s.Do(copy, "willSupply", new { on = "2026-10-10" });
        var done = await s.Do(copy, "copyCompleted", new { on = "2026-10-12", pages = 25 });

        Assert.Equal("copyCompleted", done.GetProperty("state").GetString());
        var charge = (await s.Loan(copy)).GetProperty("charge");
        Assert.Equal("6.00", LoanScenario.Amount(charge, "charge")); // (25 − 10 free) × 0.40
        Assert.Equal(15, charge.GetProperty("billedPages").GetInt32());
        Assert.Equal("billed", charge.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_copy_within_the_free_pages_costs_nothing_and_draws_no_fee()
    {
        var s = await TwoMembers();
        var copy = await s.Request("A", "B", type: "copy", on: "2026-10-01");

        await s.Do(copy, "copyCompleted", new { on = "2026-10-02", pages = 10 });

        var charge = (await s.Loan(copy)).GetProperty("charge");
        Assert.Equal("0.00", LoanScenario.Amount(charge, "charge"));
        Assert.Equal("noCharge", charge.GetProperty("outcome").GetString());
        Assert.Equal("0.00", LoanScenario.Amount(charge, "transactionFee"));
    }

    [Fact]
    public async Task Without_lending_terms_in_the_agreement_nothing_is_charged()
    {
        var s = await LoanScenario.Create(Host, Api, null, "A", "B");
        var loan = await s.Request("A", "B");

        await s.Do(loan, "shipped");

        var view = await s.Loan(loan);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("charge").ValueKind);
        Assert.Equal(2, view.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Unknown_loans_consortia_and_actions_are_404()
    {
        var s = await TwoMembers();
        var other = await TwoMembers();
        var loan = await s.Request("A", "B");
        var before = await s.StoredVersion(loan);

        Assert.Equal(404, (await Api.Get($"{s.Url}/{Guid.NewGuid()}")).Status);
        Assert.Equal(404, (await Api.Get($"{other.Url}/{loan}")).Status);
        Assert.Equal(404, (await s.Act(Guid.NewGuid(), "shipped")).Status);
        Assert.Equal(404, (await other.Act(loan, "shipped")).Status);
        Assert.Equal(404, (await s.Act(loan, "teleported")).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{Guid.NewGuid()}/loans", new { borrowerId = s.Members["A"], lenderId = s.Members["B"] })).Status);
        Assert.Equal(before, await s.StoredVersion(loan));
    }

    [Fact]
    public async Task A_bad_request_is_422_naming_each_field_and_starts_no_stream()
    {
        var s = await TwoMembers();
        var outsider = await TwoMembers();

        var (status, body) = await Api.Post(s.Url, new
        {
            borrowerId = s.Members["A"], lenderId = outsider.Members["B"], serviceType = (string?)null, serviceLevel = "rush",
            requestId = " ", maxCost = new { amount = "10.00", currency = "EUR" }, on = "2026-12-01",
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        foreach (var field in new[] { "lenderId", "serviceType", "requestId", "maxCost.currency", "on" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        Assert.Equal(0, await s.LoanCount());
    }

    [Fact]
    public async Task A_member_cannot_borrow_from_itself_or_before_it_was_admitted()
    {
        var s = await TwoMembers();

        var (self, selfBody) = await s.Requesting("A", "A");
        var (early, earlyBody) = await s.Requesting("A", "B", on: "2024-06-01");

        Assert.Equal(422, self);
        Assert.True(selfBody.GetProperty("errors").TryGetProperty("lenderId", out _));
        Assert.Equal(422, early);
        Assert.True(earlyBody.GetProperty("errors").TryGetProperty("borrowerId", out _));
        Assert.Equal(0, await s.LoanCount());
    }

    [Fact]
    public async Task Action_bodies_are_checked_and_a_refused_action_records_nothing()
    {
        var s = await TwoMembers();
        var loan = await s.Request("A", "B", on: "2026-10-10");
        var copy = await s.Request("A", "B", type: "copy", on: "2026-10-10");
        var before = await s.StoredVersion(loan);

        var checks = new (Guid Loan, string Action, object Body, string Field)[]
        {
            (loan, "shipped", new { on = "2026-10-09" }, "on"),                          // before the request
            (loan, "shipped", new { on = "2026-11-28" }, "on"),                          // after today
            (loan, "shipped", new { pages = 3 }, "pages"),                               // pages belong to copyCompleted
            (loan, "shipped", new { on = "2026-10-12", dueDate = "2026-10-11" }, "dueDate"),
            (loan, "conditional", new { offeredCost = new { amount = "5.00", currency = "EUR" } }, "offeredCost.currency"),
            (loan, "willSupply", new { replacementCost = LoanScenario.Usd("5.00") }, "replacementCost"),
            (copy, "copyCompleted", new { }, "pages"),
            (copy, "copyCompleted", new { pages = 0 }, "pages"),
        };
        foreach (var (id, action, body, field) in checks)
        {
            var (status, problem) = await s.Act(id, action, body);
            Assert.True(status == 422, $"{action} {field}: {status} {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{action}: {field} missing in {problem}");
        }
        Assert.Equal(before, await s.StoredVersion(loan));
        Assert.Equal(1, await s.StoredVersion(copy));
    }

    [Fact]
    public async Task Renewing_needs_a_later_due_date()
    {
        var s = await TwoMembers();
        var loan = await s.Request("A", "B", on: "2026-10-01");
        await s.Do(loan, "shipped", new { on = "2026-10-02", dueDate = "2026-11-30" });
        await s.Do(loan, "received", new { on = "2026-10-03" });

        var (missing, _) = await s.Act(loan, "renewed", new { });
        var (earlier, body) = await s.Act(loan, "renewed", new { dueDate = "2026-11-30" });

        Assert.Equal(422, missing);
        Assert.Equal(422, earlier);
        Assert.Contains("2026-11-30", body.GetProperty("errors").GetProperty("dueDate")[0].GetString());
        Assert.Equal("received", await s.State(loan));
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_409()
    {
        var s = await TwoMembers();
        var loan = await s.Request("A", "B");
        await s.Do(loan, "willSupply", new { expectedVersion = 1 });

        var (status, _) = await s.Act(loan, "shipped", new { expectedVersion = 1 });

        Assert.Equal(409, status);
        Assert.Equal("willSupply", await s.State(loan));
    }

    [Fact]
    public async Task A_request_id_already_open_for_the_borrower_is_a_409_but_may_be_retried_after_retry_possible()
    {
        var s = await TwoMembers();
        var first = await s.Request("A", "B", requestId: "ILL-7");

        var (again, body) = await s.Requesting("A", "B", requestId: "ILL-7");
        Assert.Equal(409, again);
        Assert.Contains("ILL-7", body.GetProperty("detail").GetString());
        Assert.Equal(1, await s.LoanCount());

        await s.Do(first, "retryPossible", new { note = "Try again after the semester" });
        var retry = await s.Request("A", "B", requestId: "ILL-7");

        Assert.NotEqual(first, retry);
        Assert.Equal("requested", await s.State(retry));
        // Another borrower may use the same id in its own system.
        await s.Request("B", "A", requestId: "ILL-7");
    }

    [Fact]
    public async Task Loans_are_listed_by_member_and_month()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B", "C");
        var october = await s.Request("A", "B", on: "2026-10-15");
        var november = await s.Request("A", "C", on: "2026-11-02");
        var other = await s.Request("B", "C", on: "2026-10-20");

        var ofA = await Api.Ok(Api.Get($"{s.Url}?memberId={s.Members["A"]}"));
        var octoberOfA = await Api.Ok(Api.Get($"{s.Url}?memberId={s.Members["A"]}&month=2026-10"));
        var all = await Api.Ok(Api.Get(s.Url));

        Assert.Equal([october, november], ofA.EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.Equal([october], octoberOfA.EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.Equal(3, all.GetArrayLength());
        Assert.Contains(other, all.EnumerateArray().Select(l => l.GetProperty("id").GetGuid()));
        Assert.Equal(400, (await Api.Get($"{s.Url}?month=October")).Status);
    }
}
