using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Loans;

namespace SharingLedger.WebConsole.Pages.Members;

/// <summary>
/// A member's loans and copies as borrower and as lender, each with its steps and the actions allowed next (the API's
/// <see cref="LoanView"/> of the same documents <see cref="GetLoansEndpoint"/> reads). The member takes its own side's next
/// step through the API's own endpoint (<see cref="ActOnLoanEndpoint"/>): a step the lifecycle does not allow is the API's 409.
/// Another member's page is the same 404 as an unknown one.
/// </summary>
public sealed class LoansModel(IQuerySession session, IClock clock, InProcessApi api) : ConsoleFormPage
{
    [BindProperty(SupportsGet = true)] public Guid? LoanId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Step { get; set; }
    [BindProperty] public string? On { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? OfferedCost { get; set; }
    [BindProperty] public string? Pages { get; set; }
    [BindProperty] public string? DueDate { get; set; }
    [BindProperty] public string? StatedCost { get; set; }
    [BindProperty] public string? StatedCurrency { get; set; }
    [BindProperty] public string? ReplacementCost { get; set; }
    public Guid MemberId { get; private set; }
    public string MemberCode { get; private set; } = "";
    public IReadOnlyList<LoanView> Borrowed { get; private set; } = [];
    public IReadOnlyList<LoanView> Lent { get; private set; } = [];
    public Guid? FailedLoan { get; private set; }
    /// <summary>The loan and step whose details the page asks for (from the "…with details" link), or null.</summary>
    public (LoanView Loan, LoanAction Step)? Detailed { get; private set; }
    public string BaseCurrency { get; private set; } = "";
    protected override IReadOnlyCollection<string> Fields => StepDetails.AllFields;

    public async Task<IActionResult> OnGetAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        var shown = await ShowAsync(memberId, ct);
        if (!Missing && LoanId is not null && Step is not null)
        {
            if (DetailedStepOf(LoanId, Step) is not { } detailed) return NotFoundPage();
            Detailed = detailed;
        }
        return shown;
    }

    /// <summary>
    /// A step with its details (an offered cost, pages, a due date, a stated cost, a replacement cost, a note or reason), sent to
    /// the API's own endpoint; the API's message for each field is shown beside that field.
    /// </summary>
    public async Task<IActionResult> OnPostDetailsAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        if (!Me.IsMember && !Me.IsFinance) return LocalRedirect("/forbidden");
        var shown = await ShowAsync(memberId, ct);
        if (Missing) return shown;
        if (DetailedStepOf(LoanId, Step) is not { } detailed) return NotFoundPage();
        Detailed = detailed;
        var details = new StepDetails
        {
            On = On, Note = Note, OfferedCost = OfferedCost, Pages = Pages, DueDate = DueDate, StatedCost = StatedCost,
            StatedCurrency = StatedCurrency, ReplacementCost = ReplacementCost,
        };
        var body = details.Body(detailed.Step, BaseCurrency, detailed.Loan.Version, Errors, T);
        if (Refused()) return shown;
        var answer = await api.PostAsync(User, "/consortia/{consortiumId}/loans/{loanId}/{action}",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["loanId"] = detailed.Loan.Id.ToString(), ["action"] = detailed.Step.Name() },
            body, ct);
        if (!Accepted(answer)) return shown;
        Recorded = $"{T("Recorded")}: {detailed.Loan.RequestId} · {T(detailed.Step.Name())}";
        Detailed = null;
        return await ShowAsync(memberId, ct);
    }

    /// <summary>The steps this page offers with a form for their details: those of the member's own side the loan allows next.</summary>
    public IReadOnlyList<LoanAction> StepsWithDetails(LoanView loan) =>
        loan.AllowedActions.Select(n => LoanActionNames.TryParse(n, out var a) ? a : (LoanAction?)null).OfType<LoanAction>()
            .Where(a => MayTake(loan, a) && StepDetails.FieldsOf.ContainsKey(a)).ToList();

    private (LoanView Loan, LoanAction Step)? DetailedStepOf(Guid? loanId, string? step)
    {
        var loan = Borrowed.Concat(Lent).FirstOrDefault(l => l.Id == loanId);
        if (loan is null || !LoanActionNames.TryParse(step, out var action) || !StepsWithDetails(loan).Contains(action)) return null;
        return (loan, action);
    }

    public async Task<IActionResult> OnPostAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        if (!Me.IsMember && !Me.IsFinance) return LocalRedirect("/forbidden");
        var shown = await ShowAsync(memberId, ct);
        if (Missing) return shown;
        var loan = Borrowed.Concat(Lent).FirstOrDefault(l => l.Id == LoanId);
        if (loan is null || !LoanActionNames.TryParse(Step, out var action) || !MayTake(loan, action)) return NotFoundPage();
        var answer = await api.PostAsync(User, "/consortia/{consortiumId}/loans/{loanId}/{action}",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["loanId"] = loan.Id.ToString(), ["action"] = action.Name() },
            new { expectedVersion = loan.Version }, ct);
        if (Accepted(answer)) Recorded = $"{T("Recorded")}: {loan.RequestId} · {T(action.Name())}";
        else FailedLoan = loan.Id;
        return await ShowAsync(memberId, ct);
    }

    /// <summary>The next steps this page offers on a loan: those of the member's own side (staff may record either side's).</summary>
    public IReadOnlyList<LoanAction> NextSteps(LoanView loan) =>
        loan.AllowedActions.Select(n => LoanActionNames.TryParse(n, out var a) ? a : (LoanAction?)null).OfType<LoanAction>()
            .Where(a => MayTake(loan, a) && !NeedsDetails.Contains(a)).ToList();

    /// <summary>Steps that need more than a click (an offered cost, pages, a due date, a replacement cost): recorded through the API.</summary>
    private static readonly HashSet<LoanAction> NeedsDetails = [LoanAction.Conditional, LoanAction.BillReplacement, LoanAction.Renewed, LoanAction.CopyCompleted];

    private bool MayTake(LoanView loan, LoanAction action)
    {
        if (!Me.IsMember && !Me.IsFinance) return false;
        if (!Me.IsMember) return true;
        var side = LoanSides.IsBorrowerAction(action) ? loan.BorrowerId : loan.LenderId;
        return side == Me.MemberId;
    }

    private async Task<IActionResult> ShowAsync(Guid memberId, CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        var member = await LoanAccess.MemberAsync(session, consortium.Id, memberId, ct);
        if (member is null) return NotFoundPage();
        (MemberId, MemberCode, BaseCurrency) = (member.Id, member.Code, consortium.BaseCurrency);
        var loans = (await LoanAccess.LoansAsync(session, consortium.Id, memberId, ct)).OrderByDescending(l => l.RequestedOn).ThenBy(l => l.Id).Select(LoanView.Of).ToList();
        Borrowed = loans.Where(l => l.BorrowerId == memberId).ToList();
        Lent = loans.Where(l => l.LenderId == memberId).ToList();
        Today = consortium.Calendar().Today(clock);
        return Page();
    }

    public LocalDate Today { get; private set; }
}
