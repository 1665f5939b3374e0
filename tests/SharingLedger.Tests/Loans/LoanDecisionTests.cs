using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// The loan decisions without a database: given the loan's events and the facts read for it (members, agreement, settled
/// months, quota), when a request or an action, then the events it records or the refusal. Member A (public library)
/// borrows from member B; the agreement in force since 2026-01-01 prices a normal loan at 4.00 and a rush loan at 9.00,
/// a copied page at 0.10 after 5 free pages per copy, lets A make 2 requests a year, and gives 10 days' notice and
/// 30 days' billing for lost items.
/// </summary>
public class LoanDecisionTests
{
    private static readonly Guid C = Guid.Parse("1c0a4d2e-0000-4000-8000-000000000001");
    private static readonly Guid A = Guid.Parse("1c0a4d2e-0000-4000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("1c0a4d2e-0000-4000-8000-00000000000b");
    private static readonly Guid L = Guid.Parse("1c0a4d2e-0000-4000-8000-0000000000aa");
    private static readonly Instant Now = Instant.FromUtc(2026, 10, 20, 12, 0);
    private static readonly LocalDate Today = new(2026, 10, 20);

    private static Money Usd(string amount) => Money.Parse(amount, "USD");

    private static Member Admitted(Guid id, string code, LocalDate? withdrawnOn = null)
    {
        var m = Member.Create(new MemberAdmitted(id, C, code, code, MemberKind.Public, 10m, 1000, Usd("1000.00"), null, new LocalDate(2020, 1, 1), Now));
        m.WithdrawnOn = withdrawnOn;
        return m;
    }

    private static Agreement Terms(int? quota = 2) => Agreement.Create(new AgreementAdopted(Guid.NewGuid(), C, 1, new LocalDate(2026, 1, 1), [A, B],
        new DuesTerm(Usd("100.00"), CostSharingRule.Equal()), Now,
        Lending: new LendingFees([new LendingPrice(ServiceLevel.Normal, Usd("4.00"), Usd("0.10")), new LendingPrice(ServiceLevel.Rush, Usd("9.00"), Usd("0.10"))],
            FreePagesPerCopy: 5, LostItems: new LostItemTerms(10, 30), BorrowingQuota: quota)));

    private static RequestContext Requesting(int counted = 0, Loan? open = null, Member? borrower = null, Agreement? agreement = null) =>
        new(Today, "USD", borrower ?? Admitted(A, "A"), Admitted(B, "B"), agreement ?? Terms(), 2026, counted, open);

    private static LoanContext Acting(params string[] settledMonths) =>
        new(Today, "USD", Admitted(A, "A"), Terms(), new HashSet<string>(settledMonths));

    private static RequestLoan Request(string level = "normal", string type = "loan", string? maxCost = null) =>
        new(A, B, type == "loan" ? ServiceType.Loan : ServiceType.Copy, level == "rush" ? ServiceLevel.Rush : ServiceLevel.Normal, " ILL-1 ",
            maxCost is null ? null : new MoneyInput(maxCost, "USD"), On: new LocalDate(2026, 10, 1));

    /// <summary>A loan (or copy) requested on 2026-10-01, then the given steps; the version counts its events, as Marten's does.</summary>
    private static Loan Given(ServiceType type = ServiceType.Loan, params object[] steps)
    {
        var loan = Loan.Create(new LoanRequested(L, C, A, "A", B, "B", type, ServiceLevel.Normal, null, "ILL-1", null, new LocalDate(2026, 10, 1), Now));
        foreach (var step in steps) ((dynamic)loan).Apply((dynamic)step);
        loan.Version = 1 + steps.Length;
        return loan;
    }

    private static IReadOnlyList<object> Accepted(LoanDecision decision) => Assert.IsType<LoanDecision.Accepted>(decision).Events;

    private static Dictionary<string, string> Refused(LoanDecision decision) =>
        Assert.IsType<LoanDecision.Invalid>(decision).Errors.ToDictionary(e => e.Field, e => e.Message);

    [Fact]
    public void A_request_starts_the_loan_with_the_trimmed_request_id()
    {
        var requested = Assert.IsType<LoanRequested>(Assert.Single(Accepted(LoanDecisions.Request(L, C, Request(maxCost: "12.50"), Requesting(), Now))));

        Assert.Equal((L, C, A, "A", B, "B"), (requested.LoanId, requested.ConsortiumId, requested.BorrowerId, requested.BorrowerCode, requested.LenderId, requested.LenderCode));
        Assert.Equal("ILL-1", requested.RequestId);
        Assert.Equal(Usd("12.50"), requested.MaxCost);
        Assert.Equal(new LocalDate(2026, 10, 1), requested.On);
    }

    [Fact]
    public void A_request_over_the_borrowers_quota_is_refused_naming_the_quota()
    {
        var errors = Refused(LoanDecisions.Request(L, C, Request(), Requesting(counted: 2), Now));

        Assert.Contains("quota of 2", errors["borrowerId"]);
        Assert.Contains("0 remaining", errors["borrowerId"]);
    }

    [Fact]
    public void A_request_within_the_quota_or_without_one_is_accepted()
    {
        Accepted(LoanDecisions.Request(L, C, Request(), Requesting(counted: 1), Now));
        Accepted(LoanDecisions.Request(L, C, Request(), Requesting(counted: 50, agreement: Terms(quota: null)), Now));
    }

    [Fact]
    public void A_request_id_still_open_is_a_conflict()
    {
        var open = Given();
        var conflict = Assert.IsType<LoanDecision.Conflict>(LoanDecisions.Request(Guid.NewGuid(), C, Request(), Requesting(open: open), Now));
        Assert.Contains("ILL-1", conflict.Detail);
    }

    [Fact]
    public void A_withdrawn_borrower_a_missing_service_type_and_a_future_date_are_each_named()
    {
        var input = Request() with { ServiceType = null, On = Today.PlusDays(1) };
        var errors = Refused(LoanDecisions.Request(L, C, input, Requesting(borrower: Admitted(A, "A", withdrawnOn: new LocalDate(2026, 6, 1))), Now));

        Assert.Equal(["borrowerId", "on", "serviceType"], errors.Keys.Order());
    }

    [Fact]
    public void A_member_cannot_borrow_from_itself()
    {
        var errors = Refused(LoanDecisions.Request(L, C, Request() with { LenderId = A }, Requesting() with { Lender = Admitted(A, "A") }, Now));
        Assert.Equal("A member cannot borrow from itself.", errors["lenderId"]);
    }

    [Fact]
    public void An_answer_the_lifecycle_allows_records_one_step_and_moves_the_state_and_version()
    {
        var loan = Given();
        var events = Accepted(LoanDecisions.Act(loan, LoanAction.WillSupply, new LoanActionInput(On: new LocalDate(2026, 10, 2), Note: " ok "), Acting(), Now));

        var confirmed = Assert.IsType<LoanSupplyConfirmed>(Assert.Single(events));
        Assert.Equal((L, new LocalDate(2026, 10, 2), "ok"), (confirmed.LoanId, confirmed.On, confirmed.Note));
        Assert.Equal((LoanState.WillSupply, 2), LoanDecisions.After(loan, LoanAction.WillSupply, events));
    }

    [Fact]
    public void A_step_the_lifecycle_does_not_allow_names_the_state_and_what_is_allowed()
    {
        var refused = Assert.IsType<LoanDecision.NotAllowed>(LoanDecisions.Act(Given(), LoanAction.Received, new LoanActionInput(), Acting(), Now));

        Assert.Equal((LoanState.Requested, LoanAction.Received), (refused.State, refused.Action));
        Assert.Contains(LoanAction.Shipped, refused.Allowed);
        Assert.DoesNotContain(LoanAction.CopyCompleted, refused.Allowed);
    }

    [Fact]
    public void Shipping_a_normal_loan_records_the_delivery_and_its_charge_at_the_agreed_price()
    {
        var events = Accepted(LoanDecisions.Act(Given(), LoanAction.Shipped,
            new LoanActionInput(On: new LocalDate(2026, 10, 5), DueDate: new LocalDate(2026, 11, 5)), Acting(), Now));

        Assert.IsType<LoanShipped>(events[0]);
        var charge = Assert.IsType<LendingCharged>(events[1]);
        Assert.Equal((Usd("4.00"), "2026-10", A, B), (charge.Charge, charge.Month, charge.BorrowerId, charge.LenderId));
    }

    [Fact]
    public void Without_lending_terms_a_delivery_records_no_charge()
    {
        var free = new LoanContext(Today, "USD", Admitted(A, "A"), null, new HashSet<string>());
        var events = Accepted(LoanDecisions.Act(Given(), LoanAction.Shipped, new LoanActionInput(On: new LocalDate(2026, 10, 5)), free, Now));
        Assert.IsType<LoanShipped>(Assert.Single(events));
    }

    [Fact]
    public void A_charge_dated_in_a_settled_month_is_cleared_in_the_first_open_month_as_an_adjustment_naming_it()
    {
        var events = Accepted(LoanDecisions.Act(Given(), LoanAction.Shipped, new LoanActionInput(On: new LocalDate(2026, 10, 5)), Acting("2026-10", "2026-11"), Now));
        var charge = Assert.IsType<LendingCharged>(events[1]);
        Assert.Equal((new LocalDate(2026, 10, 5), "2026-12", "2026-10"), (charge.On, charge.Month, charge.AdjustsMonth));

        var onTime = Assert.IsType<LendingCharged>(Accepted(LoanDecisions.Act(Given(), LoanAction.Shipped, new LoanActionInput(On: new LocalDate(2026, 10, 5)), Acting("2026-09"), Now))[1]);
        Assert.Equal(("2026-10", null), (onTime.Month, onTime.AdjustsMonth));
    }

    [Fact]
    public void A_step_before_the_latest_one_or_after_today_is_refused()
    {
        Assert.Contains("2026-10-01", Refused(LoanDecisions.Act(Given(), LoanAction.WillSupply, new LoanActionInput(On: new LocalDate(2026, 9, 30)), Acting(), Now))["on"]);
        Assert.Contains("after today", Refused(LoanDecisions.Act(Given(), LoanAction.WillSupply, new LoanActionInput(On: Today.PlusDays(1)), Acting(), Now))["on"]);
    }

    [Fact]
    public void A_copy_is_charged_for_its_pages_beyond_the_free_ones()
    {
        var events = Accepted(LoanDecisions.Act(Given(ServiceType.Copy), LoanAction.CopyCompleted, new LoanActionInput(On: new LocalDate(2026, 10, 3), Pages: 25),
            Acting(), Now));

        var charge = Assert.IsType<LendingCharged>(events[1]);
        Assert.Equal((20, Usd("2.00")), (charge.BilledPages, charge.Charge)); // 25 pages, 5 free, 20 × 0.10
    }

    [Fact]
    public void A_completed_copy_needs_its_pages_and_a_field_of_another_action_is_named()
    {
        var errors = Refused(LoanDecisions.Act(Given(ServiceType.Copy), LoanAction.CopyCompleted, new LoanActionInput(DueDate: Today), Acting(), Now));
        Assert.Equal(["dueDate", "pages"], errors.Keys.Order());
    }

    [Fact]
    public void A_renewal_must_move_the_due_date_later()
    {
        var shipped = Given(ServiceType.Loan, new LoanShipped(L, new LocalDate(2026, 10, 5), new LocalDate(2026, 11, 5), null, Now),
            new LoanReceived(L, new LocalDate(2026, 10, 8), null, Now));

        Assert.Contains("2026-11-05", Refused(LoanDecisions.Act(shipped, LoanAction.Renewed,
            new LoanActionInput(On: new LocalDate(2026, 10, 10), DueDate: new LocalDate(2026, 11, 1)), Acting(), Now))["dueDate"]);
        var renewed = Assert.IsType<LoanRenewed>(Assert.Single(Accepted(LoanDecisions.Act(shipped, LoanAction.Renewed,
            new LoanActionInput(On: new LocalDate(2026, 10, 10), DueDate: new LocalDate(2026, 12, 1)), Acting(), Now))));
        Assert.Equal(new LocalDate(2026, 12, 1), renewed.DueDate);
    }

    [Fact]
    public void A_loss_with_a_replacement_cost_is_the_notice_and_the_bill_and_ends_replacement_billed()
    {
        var overdue = Given(ServiceType.Loan, new LoanShipped(L, new LocalDate(2026, 10, 2), new LocalDate(2026, 10, 9), null, Now),
            new LoanReceived(L, new LocalDate(2026, 10, 3), null, Now), new LoanOverdue(L, new LocalDate(2026, 10, 10), null, Now));

        var events = Accepted(LoanDecisions.Act(overdue, LoanAction.Lost,
            new LoanActionInput(On: new LocalDate(2026, 10, 15), ReplacementCost: new MoneyInput("60.00", "USD")), Acting(), Now));

        var notice = Assert.IsType<LoanLost>(events[0]);
        Assert.True(notice.NoticeTimely); // 5 days after overdue, 10 allowed
        Assert.Equal(Usd("60.00"), Assert.IsType<ReplacementCharged>(events[1]).ReplacementCost);
        Assert.Equal((LoanState.ReplacementBilled, 6), LoanDecisions.After(overdue, LoanAction.Lost, events));
    }

    [Fact]
    public void A_replacement_bill_in_another_currency_is_refused()
    {
        var lost = Given(ServiceType.Loan, new LoanShipped(L, new LocalDate(2026, 10, 2), null, null, Now));
        var errors = Refused(LoanDecisions.Act(lost, LoanAction.Lost,
            new LoanActionInput(On: new LocalDate(2026, 10, 15), ReplacementCost: new MoneyInput("60.00", "EUR")), Acting(), Now));
        Assert.Contains("base currency USD", errors["replacementCost.currency"]);
    }

    [Fact]
    public void The_cost_a_lender_states_is_kept_with_the_delivery_and_the_charge_still_comes_from_the_agreement()
    {
        var events = Accepted(LoanDecisions.Act(Given(), LoanAction.Shipped,
            new LoanActionInput(On: new LocalDate(2026, 10, 5), StatedCost: new MoneyInput("7.50", "EUR")), Acting(), Now));
        Assert.Equal(Money.Parse("7.50", "EUR"), Assert.IsType<LoanShipped>(events[0]).StatedCost);
        Assert.Equal(Usd("4.00"), Assert.IsType<LendingCharged>(events[1]).Charge);

        var renewal = Refused(LoanDecisions.Act(Given(ServiceType.Loan, new LoanShipped(L, new LocalDate(2026, 10, 5), null, null, Now),
                new LoanReceived(L, new LocalDate(2026, 10, 6), null, Now)), LoanAction.Renewed,
            new LoanActionInput(On: new LocalDate(2026, 10, 7), DueDate: new LocalDate(2026, 12, 1), StatedCost: new MoneyInput("1.00", "USD")), Acting(), Now));
        Assert.Contains("statedCost", renewal.Keys);
    }
}
