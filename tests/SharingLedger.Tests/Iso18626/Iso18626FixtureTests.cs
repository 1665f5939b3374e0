using System.Text.Json;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// Whole lifecycles as ReShare (mod-rs), Alma and Tipasa send them (Fixtures/: written for these tests from ISO 18626 and the
/// systems' public documentation, not captured traffic), run through the intake file by file: after each message, the loan's
/// state; at the end, its charge, worked out by hand. The consortium's time zone is Asia/Shanghai (UTC+8); the default fees
/// price a normal loan at 15.00 with a transaction fee of 0.26.
/// </summary>
public class Iso18626FixtureTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly string Fixtures = FixtureDirectory();

    private static string FixtureDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharingLedger.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "tests", "SharingLedger.Tests", "Iso18626", "Fixtures");
    }

    /// <summary>Borrower A and lender B with the given ILL agency ids; the agreement's default fees, lenders setting their own charge or not.</summary>
    private async Task<(LoanScenario S, Iso18626Client Iso)> Setup(string borrowerAgency, string lenderAgency, bool lendersSetCharge = false)
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            if (lendersSetCharge) fees["lendersSetCharge"] = true;
            return fees;
        }, "A", "B");
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/identifiers", new { illAgencyIds = new[] { borrowerAgency } }));
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/identifiers", new { illAgencyIds = new[] { lenderAgency } }));
        return (s, new Iso18626Client(Host.Host, s.ConsortiumId));
    }

    /// <summary>Sends each file (as the system wrote it, so not checked against the schema first) and checks the state after it.</summary>
    private async Task<JsonElement> Run(LoanScenario s, Iso18626Client iso, string system, string requestId, params (string File, string State)[] steps)
    {
        var answers = new Dictionary<string, Iso18626Client.Answer>();
        foreach (var (file, state) in steps)
        {
            answers[file] = await iso.Ok(await File.ReadAllTextAsync(Path.Combine(Fixtures, system, file), TestContext.Current.CancellationToken), checkIn: false);
            var loan = await Iso18626IntakeTests.LoanByRequestId(Api, s, requestId);
            Assert.True(state == loan.GetProperty("state").GetString(), $"{system}/{file}: expected {state}, got {loan.GetProperty("state")}");
        }
        Answers = answers;
        return await Iso18626IntakeTests.LoanByRequestId(Api, s, requestId);
    }

    private Dictionary<string, Iso18626Client.Answer> Answers { get; set; } = [];

    private static string Amount(JsonElement e, string property) => LoanScenario.Amount(e, property);

    [Fact]
    public async Task ReShare_a_loan_with_a_loan_condition_renewed_once_and_returned()
    {
        var (s, iso) = await Setup("RESHARE:LEDA", "RESHARE:LEDB");
        var loan = await Run(s, iso, "ReShare", "LEDA-1042",
            ("01-request.xml", "requested"), ("02-expect-to-supply.xml", "expectToSupply"), ("03-loan-condition.xml", "conditional"),
            ("04-condition-agreed.xml", "willSupply"), ("05-loaned.xml", "shipped"), ("06-received.xml", "received"), ("07-renew.xml", "received"),
            ("08-renew-yes.xml", "received"), ("09-status-request.xml", "received"), ("10-shipped-return.xml", "returnShipped"),
            ("11-loan-completed.xml", "loanCompleted"));

        // The status request is answered with the status then: on loan, due 2026-12-18T23:59:59Z = 2026-12-19 in Shanghai.
        var status = Answers["09-status-request.xml"];
        Assert.Equal(("Loaned", "received", "2026-12-19"), (status.Header("ISO18626-Status"), status.Header("Loan-State"), status.Header("Loan-Due-Date")));
        Assert.Equal("loan", loan.GetProperty("serviceType").GetString());
        Assert.Equal("2026-12-19", loan.GetProperty("dueDate").GetString()); // moved from 2026-12-05 by the renewal
        Assert.Equal("2026-11-04", loan.GetProperty("suppliedOn").GetString());
        var charge = loan.GetProperty("charge");
        Assert.Equal(("15.00", "15.00", "0.26", "billed"), (Amount(charge, "charge"), Amount(charge, "billed"), Amount(charge, "transactionFee"),
            charge.GetProperty("outcome").GetString())); // no accepted cost: the schedule's normal loan
        Assert.Equal(["requested", "expectToSupply", "conditional", "willSupply", "shipped", "received", "received", "returnShipped", "loanCompleted"],
            loan.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("to").GetString()!).ToArray());

        // The whole conversation again (a system replaying its outbox): OK throughout, nothing new.
        var version = loan.GetProperty("version").GetInt32();
        foreach (var file in Directory.GetFiles(Path.Combine(Fixtures, "ReShare")).Order())
            await iso.Ok(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), checkIn: false);
        Assert.Equal(version, (await Iso18626IntakeTests.LoanByRequestId(Api, s, "LEDA-1042")).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Alma_a_copy_whose_conditional_cost_above_the_maximum_is_accepted_is_billed_at_that_cost()
    {
        var (s, iso) = await Setup("ISIL:US-ALA", "ISIL:US-ALB");
        var loan = await Run(s, iso, "Alma", "7021354879000446",
            ("01-request.xml", "requested"), ("02-conditions-pending.xml", "conditional"), ("03-accept.xml", "willSupply"),
            ("04-copy-completed.xml", "copyCompleted"));

        Assert.Equal("copy", loan.GetProperty("serviceType").GetString());
        Assert.Equal("normal", loan.GetProperty("serviceLevel").GetString()); // no serviceLevel sent
        Assert.Equal(30, loan.GetProperty("pages").GetInt32());
        Assert.Equal(("5.00", "6.00", "6.00"), (Amount(loan, "maxCost"), Amount(loan, "acceptedCost"), Amount(loan, "statedCost")));
        var charge = loan.GetProperty("charge");
        // The schedule would be (30 − 10 free) × 0.20 = 4.00; the accepted 6.00 wins and is billed though above the maximum of 5.00.
        Assert.Equal(("6.00", "6.00", "billed"), (Amount(charge, "charge"), Amount(charge, "billed"), charge.GetProperty("outcome").GetString()));
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-11")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-6.26", ["B"] = "6.00", ["_fund"] = "0.26" }, nets);
    }

    private Task<JsonElement> Tipasa(LoanScenario s, Iso18626Client iso) => Run(s, iso, "Tipasa", "278411093",
        ("01-request.xml", "requested"), ("02-will-supply.xml", "willSupply"), ("03-loaned.xml", "shipped"), ("04-received.xml", "received"),
        ("05-shipped-return.xml", "returnShipped"), ("06-loan-completed.xml", "loanCompleted"));

    [Fact]
    public async Task Tipasa_copy_or_loan_shipped_as_a_loan_is_charged_what_the_lender_states_where_lenders_set_their_charge()
    {
        var (s, iso) = await Setup("OCLC:TPA", "OCLC:TPB", lendersSetCharge: true);
        var loan = await Tipasa(s, iso);

        Assert.Equal("loan", loan.GetProperty("serviceType").GetString()); // asked CopyOrLoan; the lender shipped it
        Assert.Equal("2026-12-28", loan.GetProperty("dueDate").GetString()); // 2026-12-28T00:00-05:00 = 13:00 in Shanghai
        Assert.Equal("12.50", Amount(loan, "statedCost"));
        var charge = loan.GetProperty("charge");
        // The lender's 12.50 (within the maximum of 25.00) instead of the schedule's 15.00, plus the fee of 0.26.
        Assert.Equal(("12.50", "12.50", "0.26", "billed", "loan"), (Amount(charge, "charge"), Amount(charge, "billed"), Amount(charge, "transactionFee"),
            charge.GetProperty("outcome").GetString(), charge.GetProperty("serviceType").GetString()));
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-11")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-12.76", ["B"] = "12.50", ["_fund"] = "0.26" }, nets);
    }

    [Fact]
    public async Task Tipasa_copy_or_loan_is_charged_by_the_schedule_where_the_agreement_sets_the_charge_and_the_stated_cost_is_kept()
    {
        var (s, iso) = await Setup("OCLC:TPA", "OCLC:TPB");
        var loan = await Tipasa(s, iso);

        Assert.Equal("12.50", Amount(loan, "statedCost"));
        var charge = loan.GetProperty("charge");
        Assert.Equal(("15.00", "15.00", "billed"), (Amount(charge, "charge"), Amount(charge, "billed"), charge.GetProperty("outcome").GetString()));
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-11")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "-15.26", ["B"] = "15.00", ["_fund"] = "0.26" }, nets);
    }
}
