using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Clearing;

/// <summary>
/// The clearing and reimbursement decisions without a database: given the settlement or payout already recorded (or none),
/// the month's or year's figures as computed and today's date, when the command, then the one event or the refusal.
/// Member A lent 30.00 and B borrowed it in October 2026; A lent 12 loans in fiscal year 2025 and is paid 300.00 of it.
/// </summary>
public class SettlementDecisionTests
{
    private static readonly Guid C = Guid.Parse("2d0b5e3f-0000-4000-8000-000000000001");
    private static readonly Guid A = Guid.Parse("2d0b5e3f-0000-4000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("2d0b5e3f-0000-4000-8000-00000000000b");
    private static readonly Guid Id = Guid.Parse("2d0b5e3f-0000-4000-8000-0000000000aa");
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 2, 9, 0);

    private static Money Usd(string amount) => Money.Parse(amount, "USD");

    private static ClearingView October() => new(C, "2026-10", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), "USD", false, null,
        [new ClearingPositionLine(A, "A", Usd("30.00"), Usd("0.00"), Usd("0.00"), Usd("30.00"), 0, "receives"),
         new ClearingPositionLine(B, "B", Usd("0.00"), Usd("30.00"), Usd("0.00"), Usd("-30.00"), 1, "pays")],
        Usd("0.00"), true, []);

    private static ReimbursementYear Year2025(LocalDate today) => new(2025, new ReimbursementView(C, 2025, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31),
        ReimbursementMethod.PerLoan, Guid.NewGuid(), 1, null, null, Usd("25.00"), Usd("300.00"), null,
        [new ReimbursementLine(A, "A", 12, 0, 12, Usd("300.00"), null, 0, null, null, null, null, false, "12 loans at 25.00"),
         new ReimbursementLine(B, "B", 0, 12, -12, Usd("0.00"), null, 0, null, null, null, null, false, "no loans")]), null, today);

    [Fact]
    public void A_month_that_is_over_is_settled_with_its_positions()
    {
        var settled = Assert.IsType<ClearingSettled>(Assert.Single(Assert.IsType<Decision.Accepted>(
            ClearingDecisions.Settle(null, Id, October(), new LocalDate(2026, 11, 1), Now)).Events));

        Assert.Equal((Id, C, "2026-10", Now), (settled.SettlementId, settled.ConsortiumId, settled.Month, settled.SettledAt));
        Assert.Equal([Usd("30.00"), Usd("-30.00")], settled.Positions.Select(p => p.Net));
    }

    [Fact]
    public void A_month_is_settled_from_the_day_after_it_only()
    {
        var refused = Assert.IsType<Decision.Invalid>(ClearingDecisions.Settle(null, Id, October(), new LocalDate(2026, 10, 31), Now));
        Assert.Contains("2026-10 is not over yet", Assert.Single(refused.Errors, e => e.Field == "month").Message);
    }

    [Fact]
    public void A_month_already_settled_is_a_conflict_even_before_it_is_over()
    {
        var done = ClearingSettlement.Create(new ClearingSettled(Id, C, "2026-10", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), "USD", [], Usd("0.00"), 0, Now));
        Assert.IsType<Decision.Conflict>(ClearingDecisions.Settle(done, Id, October(), new LocalDate(2026, 10, 15), Now));
    }

    [Fact]
    public void A_documented_cost_in_the_base_currency_is_recorded_for_the_member()
    {
        var member = Member.Create(new MemberAdmitted(A, C, "A", "A", MemberKind.Public, 1m, 1, Usd("1.00"), null, new LocalDate(2020, 1, 1), Now));
        var documented = Assert.IsType<LendingCostDocumented>(Assert.Single(Assert.IsType<Decision.Accepted>(ReimbursementDecisions.DocumentCost(Id, C, 2025,
            new DocumentLendingCost(A, new MoneyInput("180.00", "USD")), member, "USD", Now)).Events));

        Assert.Equal((Id, 2025, A, Usd("180.00")), (documented.ClaimsId, documented.FiscalYear, documented.MemberId, documented.DocumentedCost));
    }

    [Fact]
    public void A_documented_cost_names_a_bad_year_an_unknown_member_and_a_foreign_currency()
    {
        var refused = Assert.IsType<Decision.Invalid>(ReimbursementDecisions.DocumentCost(Id, C, 12025,
            new DocumentLendingCost(B, new MoneyInput("180.00", "EUR")), null, "USD", Now));
        Assert.Equal(["documentedCost.currency", "fiscalYear", "memberId"], refused.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void A_year_that_is_over_is_paid_out_to_the_members_with_an_amount()
    {
        var paid = Assert.IsType<ReimbursementPaidOut>(Assert.Single(Assert.IsType<Decision.Accepted>(
            ReimbursementDecisions.PayOut(null, Id, C, Year2025(new LocalDate(2026, 1, 1)), Now)).Events));

        Assert.Equal((Id, 2025, Usd("300.00")), (paid.PayoutId, paid.FiscalYear, paid.Total));
        Assert.Equal(A, Assert.Single(paid.Payouts).MemberId); // B gets nothing, so it has no payout line
    }

    [Fact]
    public void A_year_is_paid_out_once_and_only_when_it_is_over_and_has_a_programme()
    {
        Assert.IsType<Decision.Invalid>(ReimbursementDecisions.PayOut(null, Id, C, Year2025(new LocalDate(2025, 12, 31)), Now));
        var paid = ReimbursementPayment.Create((ReimbursementPaidOut)Assert.Single(Assert.IsType<Decision.Accepted>(
            ReimbursementDecisions.PayOut(null, Id, C, Year2025(new LocalDate(2026, 1, 1)), Now)).Events));
        Assert.IsType<Decision.Conflict>(ReimbursementDecisions.PayOut(paid, Id, C, Year2025(new LocalDate(2026, 2, 1)), Now));

        var noProgramme = new ReimbursementYear(2025, null, new FieldError("fiscalYear", "No programme."), new LocalDate(2026, 1, 1));
        Assert.Equal("fiscalYear", Assert.Single(Assert.IsType<Decision.Invalid>(ReimbursementDecisions.PayOut(null, Id, C, noProgramme, Now)).Errors).Field);
    }
}
