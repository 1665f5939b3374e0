using NodaTime;
using SharingLedger.Kernel.Lending;
using SharingLedger.Loans;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// ISO 18626 cancellation without a database: the borrower's Cancel is a request (recorded, the loan goes on), the
/// lender's N declines it (the loan goes on), and only a cancellation the lifecycle still allows can be asked for.
/// A loan requested on 2026-10-01; today is 2026-10-20.
/// </summary>
public class CancellationDecisionTests
{
    private static readonly Guid L = Guid.Parse("1c0a4d2e-0000-4000-8000-0000000000aa");
    private static readonly Instant Now = Instant.FromUtc(2026, 10, 20, 12, 0);
    private static readonly LocalDate Today = new(2026, 10, 20);

    private static Loan Given(params object[] events)
    {
        var loan = Loan.Create(new LoanRequested(L, Guid.NewGuid(), Guid.NewGuid(), "A", Guid.NewGuid(), "B", ServiceType.Loan, ServiceLevel.Normal, null,
            "ILL-1", null, new LocalDate(2026, 10, 1), Now));
        foreach (var e in events) ((dynamic)loan).Apply((dynamic)e);
        return loan;
    }

    private static IReadOnlyList<object> Accepted(LoanDecision d) => Assert.IsType<LoanDecision.Accepted>(d).Events;

    [Fact]
    public void Asking_to_cancel_records_the_request_and_leaves_the_loan_where_it_stands()
    {
        var loan = Given(new LoanSupplyConfirmed(L, new LocalDate(2026, 10, 2), null, Now));
        var e = Assert.IsType<LoanCancellationRequested>(Assert.Single(Accepted(CancellationDecisions.Ask(loan, new LocalDate(2026, 10, 3), " too late ", Today, Now))));
        Assert.Equal((new LocalDate(2026, 10, 3), "too late"), (e.On, e.Note));

        loan.Apply(e);
        Assert.Equal(LoanState.WillSupply, loan.State);
        Assert.Equal(new LocalDate(2026, 10, 3), loan.CancellationRequestedOn);
        Assert.Empty(Accepted(CancellationDecisions.Ask(loan, new LocalDate(2026, 10, 4), null, Today, Now))); // asked twice: nothing new
    }

    [Fact]
    public void A_declined_cancellation_keeps_the_loan_going_and_the_lender_may_still_ship()
    {
        var loan = Given(new LoanCancellationRequested(L, new LocalDate(2026, 10, 3), null, Now));
        var declined = Assert.IsType<LoanCancellationDeclined>(Assert.Single(Accepted(CancellationDecisions.Decline(loan, new LocalDate(2026, 10, 4), null, Today, Now))));
        loan.Apply(declined);
        Assert.Null(loan.CancellationRequestedOn);
        Assert.Equal(LoanState.Requested, loan.State);
        Assert.Equal(LoanState.Shipped, LoanLifecycle.Next(loan.State, LoanAction.Shipped, ServiceType.Loan));
        Assert.Empty(Accepted(CancellationDecisions.Decline(loan, new LocalDate(2026, 10, 5), null, Today, Now))); // nothing pending: nothing to record
    }

    [Fact]
    public void A_shipped_loan_can_no_longer_be_asked_to_cancel_and_shipping_closes_a_pending_request()
    {
        var loan = Given(new LoanCancellationRequested(L, new LocalDate(2026, 10, 3), null, Now), new LoanShipped(L, new LocalDate(2026, 10, 4), null, null, Now));
        Assert.Null(loan.CancellationRequestedOn);
        var refused = Assert.IsType<LoanDecision.NotAllowed>(CancellationDecisions.Ask(loan, new LocalDate(2026, 10, 5), null, Today, Now));
        Assert.Equal(LoanAction.Cancelled, refused.Action);
    }

    [Fact]
    public void A_cancellation_dated_before_the_latest_step_or_after_today_is_refused()
    {
        var loan = Given(new LoanSupplyConfirmed(L, new LocalDate(2026, 10, 5), null, Now));
        Assert.Equal("on", Assert.Single(Assert.IsType<LoanDecision.Invalid>(CancellationDecisions.Ask(loan, new LocalDate(2026, 10, 4), null, Today, Now)).Errors).Field);
        Assert.Equal("on", Assert.Single(Assert.IsType<LoanDecision.Invalid>(CancellationDecisions.Ask(loan, new LocalDate(2026, 10, 21), null, Today, Now)).Errors).Field);
    }
}
