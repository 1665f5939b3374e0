using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>One step a loan took: the action, the states before and after, its business date and when it was recorded.</summary>
public sealed record LoanStep(LoanAction? Action, LoanState? From, LoanState To, LocalDate On, Instant RecordedAt);

/// <summary>A loan or copy request and where it stands (inline snapshot of its stream).</summary>
public sealed class Loan : ILendingFacts
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public Guid BorrowerId { get; set; }
    public string BorrowerCode { get; set; } = "";
    public Guid LenderId { get; set; }
    public string LenderCode { get; set; } = "";
    /// <summary>Loan or copy; a copy-or-loan request becomes one or the other when the lender delivers.</summary>
    public ServiceType ServiceType { get; set; }
    public ServiceLevel ServiceLevel { get; set; }
    public Money? MaxCost { get; set; }
    public string RequestId { get; set; } = "";
    public string? Title { get; set; }
    public LocalDate RequestedOn { get; set; }
    /// <summary>yyyy-MM of <see cref="RequestedOn"/>, for queries by month.</summary>
    public string RequestedMonth { get; set; } = "";
    public LoanState State { get; set; }
    /// <summary>The business date of the latest step; a later step cannot be dated before it.</summary>
    public LocalDate LastOn { get; set; }
    public Money? OfferedCost { get; set; }
    /// <summary>What the lender stated the delivery costs when it shipped or delivered (ISO 18626 deliveryCosts); not the charge.</summary>
    public Money? StatedCost { get; set; }
    public bool ConditionAccepted { get; set; }
    public Money? AcceptedCost { get; set; }
    /// <summary>When the lender shipped the loan or delivered the copy.</summary>
    public LocalDate? SuppliedOn { get; set; }
    public LocalDate? DueDate { get; set; }
    public int? Pages { get; set; }
    public LocalDate? OverdueOn { get; set; }
    public LoanLost? LostNotice { get; set; }
    public LendingCharged? Charge { get; set; }
    public ReplacementCharged? Replacement { get; set; }
    /// <summary>The months (yyyy-MM) whose clearing holds a charge of this loan.</summary>
    public List<string> ChargeMonths { get; set; } = [];
    public List<LoanStep> Steps { get; set; } = [];
    /// <summary>When the borrower asked to cancel and the lender has not answered yet (ISO 18626 Cancel); null otherwise.</summary>
    public LocalDate? CancellationRequestedOn { get; set; }
    public int Version { get; set; }

    ServiceTimeline ILendingFacts.Timeline => LoanTimeline.Of(this);
    PagesCharged? ILendingFacts.PagesCharged => PagesCharged.Of(Charge);

    public static Loan Create(LoanRequested e) => new()
    {
        Id = e.LoanId, ConsortiumId = e.ConsortiumId, BorrowerId = e.BorrowerId, BorrowerCode = e.BorrowerCode,
        LenderId = e.LenderId, LenderCode = e.LenderCode, ServiceType = e.ServiceType, ServiceLevel = e.ServiceLevel,
        MaxCost = e.MaxCost, RequestId = e.RequestId, Title = e.Title, RequestedOn = e.On, RequestedMonth = Months.Of(e.On),
        State = LoanState.Requested, LastOn = e.On, Steps = [new LoanStep(null, null, LoanState.Requested, e.On, e.RecordedAt)],
    };

    public void Apply(LoanSupplyExpected e) => Step(LoanAction.ExpectToSupply, LoanState.ExpectToSupply, e);
    public void Apply(LoanSupplyConfirmed e) => Step(LoanAction.WillSupply, LoanState.WillSupply, e);
    public void Apply(LoanHoldPlaced e) => Step(LoanAction.HoldPlaced, LoanState.HoldPlaced, e);

    public void Apply(LoanConditionOffered e)
    {
        OfferedCost = e.OfferedCost;
        Step(LoanAction.Conditional, LoanState.Conditional, e);
    }

    public void Apply(LoanConditionAccepted e)
    {
        ConditionAccepted = true;
        AcceptedCost = e.AcceptedCost;
        Step(LoanAction.AcceptCondition, LoanState.WillSupply, e);
    }

    public void Apply(LoanCancellationRequested e)
    {
        CancellationRequestedOn = e.On;
        LastOn = e.On;
    }

    public void Apply(LoanCancellationDeclined e)
    {
        CancellationRequestedOn = null;
        LastOn = e.On;
    }

    public void Apply(LoanConditionDeclined e) => Step(LoanAction.DeclineCondition, LoanState.Cancelled, e);
    public void Apply(LoanUnfilled e) => Step(LoanAction.Unfilled, LoanState.Unfilled, e);
    public void Apply(LoanRetryPossible e) => Step(LoanAction.RetryPossible, LoanState.RetryPossible, e);

    public void Apply(LoanShipped e)
    {
        SuppliedOn = e.On;
        DueDate = e.DueDate;
        StatedCost = e.StatedCost;
        if (ServiceType == ServiceType.CopyOrLoan) ServiceType = ServiceType.Loan; // the lender decided: a loan
        Step(LoanAction.Shipped, LoanState.Shipped, e);
    }

    public void Apply(LoanReceived e) => Step(LoanAction.Received, LoanState.Received, e);

    public void Apply(LoanOverdue e)
    {
        OverdueOn ??= e.On;
        Step(LoanAction.Overdue, LoanState.Overdue, e);
    }

    public void Apply(LoanRecalled e) => Step(LoanAction.Recalled, LoanState.Recalled, e);

    public void Apply(LoanRenewed e)
    {
        DueDate = e.DueDate;
        Step(LoanAction.Renewed, LoanState.Received, e);
    }

    public void Apply(LoanReturnShipped e) => Step(LoanAction.ReturnShipped, LoanState.ReturnShipped, e);
    public void Apply(LoanCompleted e) => Step(LoanAction.LoanCompleted, LoanState.LoanCompleted, e);

    public void Apply(LoanCopyCompleted e)
    {
        StatedCost = e.StatedCost;
        SuppliedOn = e.On;
        Pages = e.Pages;
        if (ServiceType == ServiceType.CopyOrLoan) ServiceType = ServiceType.Copy; // the lender decided: a copy
        Step(LoanAction.CopyCompleted, LoanState.CopyCompleted, e);
    }

    public void Apply(LoanCompletedWithoutReturn e) => Step(LoanAction.CompletedWithoutReturn, LoanState.CompletedWithoutReturn, e);
    public void Apply(LoanCancelled e) => Step(LoanAction.Cancelled, LoanState.Cancelled, e);

    public void Apply(LoanLost e)
    {
        LostNotice = e;
        Step(LoanAction.Lost, LoanState.Lost, e);
    }

    public void Apply(LoanDamaged e) => Step(LoanAction.Damaged, LoanState.Damaged, e);

    public void Apply(LendingCharged e)
    {
        Charge = e;
        if (!ChargeMonths.Contains(e.Month)) ChargeMonths.Add(e.Month);
    }

    public void Apply(LendingChargeRestated e) => Charge = e.Charge;

    public void Apply(ReplacementCharged e)
    {
        Replacement = e;
        if (!ChargeMonths.Contains(e.Month)) ChargeMonths.Add(e.Month);
        Step(LoanAction.BillReplacement, LoanState.ReplacementBilled, e);
    }

    private void Step(LoanAction action, LoanState to, ILoanStep e)
    {
        Steps.Add(new LoanStep(action, State, to, e.On, e.RecordedAt));
        State = to;
        if (LoanLifecycle.Next(to, LoanAction.Cancelled, ServiceType) is null) CancellationRequestedOn = null; // answered, or past cancelling
        LastOn = e.On;
    }
}
