using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

public class LendingChargeTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Members_of_a_reciprocal_group_never_bill_each_other_in_either_direction()
    {
        var s = await LoanScenario.Create(Host, Api, ids => LoanScenario.DefaultFees([[ids["A"], ids["B"]]]), "A", "B", "C");
        var ab = await s.Shipped("A", "B", "2026-10-05", level: "express");
        var ba = await s.Shipped("B", "A", "2026-10-06");
        var copy = await s.Request("B", "A", type: "copy", on: "2026-10-07");
        await s.Do(copy, "copyCompleted", new { on = "2026-10-08", pages = 90 });
        var ca = await s.Shipped("C", "A", "2026-10-09"); // C is outside the group: billed

        foreach (var loan in new[] { ab, ba, copy })
        {
            var charge = (await s.Loan(loan)).GetProperty("charge");
            Assert.Equal("reciprocalFree", charge.GetProperty("outcome").GetString());
            Assert.Equal("0.00", LoanScenario.Amount(charge, "billed"));
            Assert.Equal("0.00", LoanScenario.Amount(charge, "transactionFee"));
        }
        Assert.Equal("billed", (await s.Loan(ca)).GetProperty("charge").GetProperty("outcome").GetString());
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "15.00", ["B"] = "0.00", ["C"] = "-15.26", ["_fund"] = "0.26" }, nets);
    }

    [Fact]
    public async Task A_charge_above_the_borrowers_maximum_without_an_accepted_condition_is_not_billed()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await s.Shipped("A", "B", "2026-10-05", maxCost: "14.99");
        var atMax = await s.Shipped("A", "B", "2026-10-06", maxCost: "15.00");

        var charge = (await s.Loan(loan)).GetProperty("charge");
        Assert.Equal("15.00", LoanScenario.Amount(charge, "charge"));
        Assert.Equal("aboveMaxCost", charge.GetProperty("outcome").GetString());
        Assert.Equal("0.00", LoanScenario.Amount(charge, "billed"));
        Assert.Equal("billed", (await s.Loan(atMax)).GetProperty("charge").GetProperty("outcome").GetString());
        var nets = LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")));
        Assert.Equal("-15.26", nets["A"]); // only the charge at the maximum
    }

    [Fact]
    public async Task A_conditional_offer_that_is_not_accepted_does_not_lift_the_maximum()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await s.Request("A", "B", maxCost: "10.00", on: "2026-10-01");
        await s.Do(loan, "conditional", new { on = "2026-10-02", offeredCost = LoanScenario.Usd("15.00") });

        await s.Do(loan, "declineCondition", new { on = "2026-10-03" });

        Assert.Equal("cancelled", await s.State(loan));
        var (status, body) = await s.Act(loan, "shipped", new { on = "2026-10-04" });
        Assert.Equal(409, status);
        Assert.Equal("cancelled", body.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_accepted_conditional_offer_above_the_maximum_is_billed_at_the_offered_cost()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var loan = await s.Request("A", "B", maxCost: "10.00", on: "2026-10-01");
        await s.Do(loan, "conditional", new { on = "2026-10-02", offeredCost = LoanScenario.Usd("18.00"), note = "Courier needed" });
        await s.Do(loan, "acceptCondition", new { on = "2026-10-03" });

        await s.Do(loan, "shipped", new { on = "2026-10-04" });

        var charge = (await s.Loan(loan)).GetProperty("charge");
        Assert.Equal("18.00", LoanScenario.Amount(charge, "charge"));
        Assert.True(charge.GetProperty("conditionAccepted").GetBoolean());
        Assert.Equal("billed", charge.GetProperty("outcome").GetString());
        Assert.Equal("18.00", LoanScenario.Amount(charge, "billed"));
        Assert.Equal("0.26", LoanScenario.Amount(charge, "transactionFee"));
    }

    [Fact]
    public async Task A_borrower_kind_with_its_own_row_pays_that_price()
    {
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["prices"] = ((object[])fees["prices"]!).Append(new { serviceLevel = "normal", borrowerKind = "public", perLoan = LoanScenario.Usd("5.00") }).ToArray();
            return fees;
        }, "A", "P:public", "L");
        var academic = await s.Shipped("A", "L", "2026-10-05");
        var publicLibrary = await s.Shipped("P", "L", "2026-10-05");

        Assert.Equal("15.00", LoanScenario.Amount((await s.Loan(academic)).GetProperty("charge"), "charge"));
        var charge = (await s.Loan(publicLibrary)).GetProperty("charge");
        Assert.Equal("5.00", LoanScenario.Amount(charge, "charge"));
        Assert.Equal("public", charge.GetProperty("borrowerKind").GetString());
    }

    [Fact]
    public async Task The_agreement_version_in_force_on_the_shipping_day_prices_the_charge()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var fees = LoanScenario.DefaultFees();
        fees["prices"] = new object[]
        {
            new { serviceLevel = "normal", perLoan = LoanScenario.Usd("12.00") },
            new { serviceLevel = "rush", perLoan = LoanScenario.Usd("20.00") },
            new { serviceLevel = "express", perLoan = LoanScenario.Usd("25.00") },
        };
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/agreement/versions", new
        {
            version = 2, effectiveFrom = "2026-10-15", signatories = s.Members.Values,
            dues = new { annualAmount = LoanScenario.Usd("1000.00"), rule = new { method = "equal" } }, lending = fees,
        }), 201);

        var before = await s.Shipped("A", "B", "2026-10-14");
        var after = await s.Shipped("A", "B", "2026-10-15");

        var v1 = (await s.Loan(before)).GetProperty("charge");
        var v2 = (await s.Loan(after)).GetProperty("charge");
        Assert.Equal((1, "15.00"), (v1.GetProperty("agreementVersion").GetInt32(), LoanScenario.Amount(v1, "charge")));
        Assert.Equal((2, "12.00"), (v2.GetProperty("agreementVersion").GetInt32(), LoanScenario.Amount(v2, "charge")));
        Assert.Equal("-27.52", LoanScenario.Nets(await Api.Ok(s.Clearing("2026-10")))["A"]);
    }

    [Fact]
    public async Task Lending_terms_are_checked_when_the_agreement_is_adopted()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var outsider = await Api.AdmitMember(await Api.EstablishConsortium(currency: "USD"), "X");

        var (status, body) = await Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { a },
            dues = new { annualAmount = LoanScenario.Usd("1000.00"), rule = new { method = "equal" } },
            lending = new
            {
                prices = new object[]
                {
                    new { serviceLevel = "normal", perLoan = new { amount = "15.00", currency = "EUR" } },
                    new { serviceLevel = "rush", perLoan = LoanScenario.Usd("-1.00") },
                },
                freePagesPerCopy = -1,
                reciprocalGroups = new[] { new[] { a, outsider } },
                transactionFee = new { amount = "0.26", currency = "EUR" },
                lostItems = new { noticeDays = 0, billingDays = 30 },
                reimbursement = new { method = "netLender", pool = LoanScenario.Usd("1000.00"), perLoanShare = 1.5m },
            },
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        foreach (var field in new[] { "lending.prices", "lending.prices[0].perLoan.currency", "lending.prices[1].perLoan.amount", "lending.freePagesPerCopy",
                     "lending.reciprocalGroups[0]", "lending.transactionFee.currency", "lending.lostItems.noticeDays", "lending.reimbursement.perLoanShare" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        Assert.Equal(404, (await Api.Get($"/consortia/{c}/agreement")).Status);
    }
}
