using SharingLedger.Kernel.Clearing;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Clearing;

public class ClearingTests
{
    private static M Usd(string amount) => M.Parse(amount, "USD");
    private static readonly ClearingTerms Terms = new(Usd("0.26"), [["A", "B"]]);

    [Fact]
    public void The_borrower_pays_the_charge_and_the_fee_the_lender_receives_the_charge()
    {
        var s = MonthlyClearing.Clear(["A", "B", "C"], [new IllCharge("A", "C", Usd("15.00"))], Terms);
        Assert.Equal(Usd("-15.26"), s.For("A").Net);
        Assert.Equal(Usd("15.00"), s.For("C").Net);
        Assert.Equal(Usd("0.26"), s.Fund);
        Assert.Equal(1, s.For("A").BilledBorrowings);
    }

    [Fact]
    public void An_accepted_condition_bills_a_charge_above_the_maximum()
    {
        var s = MonthlyClearing.Clear(["A", "B", "C"], [new IllCharge("A", "C", Usd("25.00"), Usd("20.00"), ConditionAccepted: true)], Terms);
        Assert.Equal(ChargeOutcome.Billed, Assert.Single(s.Charges).Outcome);
        Assert.Equal(Usd("-25.26"), s.For("A").Net);
    }

    [Fact]
    public void A_charge_equal_to_the_maximum_is_billed_and_a_zero_charge_draws_no_fee()
    {
        var s = MonthlyClearing.Clear(["A", "B", "C"],
            [new IllCharge("A", "C", Usd("20.00"), Usd("20.00")), new IllCharge("C", "A", Usd("0.00"))], Terms);
        Assert.Equal([ChargeOutcome.Billed, ChargeOutcome.NoCharge], s.Charges.Select(c => c.Outcome));
        Assert.Equal(Usd("0.26"), s.Fund);
    }

    [Fact]
    public void Membership_of_any_common_group_makes_a_loan_free()
    {
        var terms = new ClearingTerms(Usd("0.26"), [["A", "B"], ["B", "C"]]);
        Assert.Equal(ChargeOutcome.ReciprocalFree, MonthlyClearing.OutcomeOf(new IllCharge("C", "B", Usd("5.00")), terms));
        Assert.Equal(ChargeOutcome.Billed, MonthlyClearing.OutcomeOf(new IllCharge("C", "A", Usd("5.00")), terms));
    }
}
