using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Loans;

/// <summary>What a new request is decided against: loaded by the caller (HTTP endpoint or a future ISO 18626 intake).</summary>
/// <param name="RequestsCounted">The borrower's requests that count towards its quota in the fiscal year of the request's date.</param>
/// <param name="OpenWithSameRequestId">A request of the borrower with the same request id that has not ended retry-possible.</param>
public sealed record RequestContext(
    LocalDate Today,
    string BaseCurrency,
    Member? Borrower,
    Member? Lender,
    Agreement? Agreement,
    int FiscalYear,
    int RequestsCounted,
    Loan? OpenWithSameRequestId);

/// <summary>What an action on a loan is decided against.</summary>
/// <param name="SettledMonths">Months (yyyy-MM) whose clearing is settled: a charge dated in one is cleared in the first month after it that is not.</param>
/// <param name="FreePagesUsed">What the borrower's copies took from its free pages per year in the fiscal year of the delivery (copy deliveries only).</param>
public sealed record LoanContext(LocalDate Today, string BaseCurrency, Member Borrower, Agreement? Agreement, IReadOnlySet<string> SettledMonths,
    int FreePagesUsed = 0);

/// <summary>
/// The decisions of the loan lifecycle, free of HTTP and storage: given the state and the facts loaded for it, which
/// events an action records, or why it records nothing. The HTTP endpoints call these; an ISO 18626 intake can map each
/// message onto the same calls (Request → <see cref="Request"/>, a status change or requester action → <see cref="Act"/>).
/// </summary>
public static class LoanDecisions
{
    public static LoanDecision Request(Guid loanId, Guid consortiumId, RequestLoan input, RequestContext ctx, Instant now)
    {
        var on = input.On ?? ctx.Today;
        if (ctx.OpenWithSameRequestId is { } open)
            return new LoanDecision.Conflict($"Member {open.BorrowerCode} already has request '{open.RequestId}' (loan {open.Id}, {open.State.Name()}).");

        var v = new Validation().NotBlank(input.RequestId, "requestId", 100);
        v.Require(input.ServiceType is not null, "serviceType", "Required: loan or copy.");
        v.Require(input.ServiceLevel is not null, "serviceLevel", "Required: normal, rush or express.");
        v.Require(input.Title is null || input.Title.Length <= 500, "title", "At most 500 characters.");
        v.Require(on <= ctx.Today, "on", $"Cannot be after today ({ctx.Today:uuuu-MM-dd}).");
        var borrower = ActiveMember(v, ctx.Borrower, input.BorrowerId, "borrowerId", on);
        var lender = ActiveMember(v, ctx.Lender, input.LenderId, "lenderId", on);
        v.Require(input.BorrowerId != input.LenderId, "lenderId", "A member cannot borrow from itself.");
        var maxCost = input.MaxCost is null ? (Money?)null : v.Money(input.MaxCost, "maxCost", currency: ctx.BaseCurrency);
        if (borrower is not null && ctx.Agreement?.InForceOn(on)?.Lending is { BorrowingQuota: { } quota } && ctx.RequestsCounted >= quota)
            v.Add("borrowerId", $"Member {borrower.Code} has used its borrowing quota of {quota} requests for fiscal year {ctx.FiscalYear}: " +
                                $"{Math.Max(0, quota - ctx.RequestsCounted)} remaining.");
        if (!v.IsValid) return new LoanDecision.Invalid(v.Errors);

        return new LoanDecision.Accepted([new LoanRequested(loanId, consortiumId, borrower!.Id, borrower.Code, lender!.Id, lender.Code,
            input.ServiceType!.Value, input.ServiceLevel!.Value, maxCost, input.RequestId!.Trim(), Clean(input.Title), on, now)]);
    }

    public static LoanDecision Act(Loan loan, LoanAction action, LoanActionInput input, LoanContext ctx, Instant now)
    {
        if (LoanLifecycle.Next(loan.State, action, loan.ServiceType) is null)
            return new LoanDecision.NotAllowed(loan.State, action, loan.ServiceType, LoanLifecycle.AllowedFrom(loan.State, loan.ServiceType));

        var v = new Validation();
        UnusedFields(v, action, input);
        var on = input.On ?? ctx.Today;
        v.Require(on >= loan.LastOn, "on", $"Cannot be before the request's latest step on {loan.LastOn:uuuu-MM-dd}.");
        v.Require(on <= ctx.Today, "on", $"Cannot be after today ({ctx.Today:uuuu-MM-dd}).");
        v.Require(input.Note is null || input.Note.Length <= 500, "note", "At most 500 characters.");
        var note = Clean(input.Note);
        var id = loan.Id;

        List<object> events = action switch
        {
            LoanAction.ExpectToSupply => [new LoanSupplyExpected(id, on, note, now)],
            LoanAction.WillSupply => [new LoanSupplyConfirmed(id, on, note, now)],
            LoanAction.HoldPlaced => [new LoanHoldPlaced(id, on, note, now)],
            LoanAction.Conditional => [new LoanConditionOffered(id, on,
                input.OfferedCost is null ? null : v.Money(input.OfferedCost, "offeredCost", currency: ctx.BaseCurrency), note, now)],
            LoanAction.AcceptCondition => [new LoanConditionAccepted(id, on, loan.OfferedCost, note, now)],
            LoanAction.DeclineCondition => [new LoanConditionDeclined(id, on, note, now)],
            LoanAction.Unfilled => [new LoanUnfilled(id, on, note, now)],
            LoanAction.RetryPossible => [new LoanRetryPossible(id, on, note, now)],
            LoanAction.Shipped => Shipped(v, loan, input, ctx, on, note, now),
            LoanAction.Received => [new LoanReceived(id, on, note, now)],
            LoanAction.Overdue => [new LoanOverdue(id, on, note, now)],
            LoanAction.Recalled => [new LoanRecalled(id, on, note, now)],
            LoanAction.Renewed => Renewed(v, loan, input, on, note, now),
            LoanAction.ReturnShipped => [new LoanReturnShipped(id, on, note, now)],
            LoanAction.LoanCompleted => [new LoanCompleted(id, on, note, now)],
            LoanAction.CopyCompleted => CopyCompleted(v, loan, input, ctx, on, note, now),
            LoanAction.CompletedWithoutReturn => [new LoanCompletedWithoutReturn(id, on, note, now)],
            LoanAction.Cancelled => [new LoanCancelled(id, on, note, now)],
            LoanAction.Lost => Lost(v, loan, input, ctx, on, note, now),
            LoanAction.BillReplacement => BillReplacement(v, loan, loan.LostNotice!, input.ReplacementCost, "replacementCost", ctx, on, now),
            LoanAction.Damaged => [new LoanDamaged(id, on, note, now)],
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        return v.IsValid ? new LoanDecision.Accepted(events) : new LoanDecision.Invalid(v.Errors);
    }

    /// <summary>The loan's state and version once the accepted <paramref name="events"/> of <paramref name="action"/> are appended.</summary>
    public static (LoanState State, int Version) After(Loan loan, LoanAction action, IReadOnlyList<object> events) =>
        (events.OfType<ReplacementCharged>().Any() ? LoanState.ReplacementBilled : LoanLifecycle.Next(loan.State, action, loan.ServiceType)!.Value,
            loan.Version + events.Count);

    private static List<object> Shipped(Validation v, Loan loan, LoanActionInput input, LoanContext ctx, LocalDate on, string? note, Instant now)
    {
        v.Require(input.DueDate is null || input.DueDate >= on, "dueDate", "Cannot be before the day it was shipped.");
        var stated = Stated(v, input);
        return Charged(v, new LoanShipped(loan.Id, on, input.DueDate, note, now, stated), loan, ctx, on, null, stated, now);
    }

    /// <summary>The cost the lender states for a delivery, in any ISO 4217 currency; none when not given.</summary>
    private static Money? Stated(Validation v, LoanActionInput input) => input.StatedCost is null ? null : v.Money(input.StatedCost, "statedCost");

    private static List<object> CopyCompleted(Validation v, Loan loan, LoanActionInput input, LoanContext ctx, LocalDate on, string? note, Instant now)
    {
        if (input.Pages is not (>= 1 and <= 100000)) { v.Add("pages", "Required: the pages copied, from 1 to 100000."); return []; }
        var stated = Stated(v, input);
        return Charged(v, new LoanCopyCompleted(loan.Id, on, input.Pages.Value, note, now, stated), loan, ctx, on, input.Pages, stated, now);
    }

    /// <summary>The delivery and, when the agreement in force has lending terms, its charge; a charge dated in a settled month is cleared in the first open one.</summary>
    private static List<object> Charged(Validation v, object delivered, Loan loan, LoanContext ctx, LocalDate on, int? pages, Money? stated, Instant now)
    {
        var kind = (ctx.Borrower.FiguresOn(on) ?? ctx.Borrower.Current).Kind;
        var charge = LendingCharges.Price(loan, ctx.Agreement, kind, on, pages, ctx.BaseCurrency, now, ctx.FreePagesUsed, stated);
        if (charge is null) return [delivered];
        var (month, adjusts) = Months.ClearedIn(on, ctx.SettledMonths);
        return [delivered, charge with { Month = month, AdjustsMonth = adjusts }];
    }

    private static List<object> Renewed(Validation v, Loan loan, LoanActionInput input, LocalDate on, string? note, Instant now)
    {
        if (input.DueDate is not { } due) { v.Add("dueDate", "Required: the new due date."); return []; }
        v.Require(due >= on, "dueDate", "Cannot be before the day of the renewal.");
        if (loan.DueDate is { } current) v.Require(due > current, "dueDate", $"Must be after the current due date {current:uuuu-MM-dd}.");
        return [new LoanRenewed(loan.Id, on, due, note, now)];
    }

    /// <summary>Notice of loss; with a replacement cost it is also the replacement bill (lost, then billReplacement, in one request).</summary>
    private static List<object> Lost(Validation v, Loan loan, LoanActionInput input, LoanContext ctx, LocalDate on, string? note, Instant now)
    {
        var notice = LostItemRules.Notice(loan, ctx.Agreement, on, note, now);
        if (input.ReplacementCost is null) return [notice];
        var bill = BillReplacement(v, loan, notice, input.ReplacementCost, "replacementCost", ctx, on, now);
        return [notice, .. bill];
    }

    private static List<object> BillReplacement(Validation v, Loan loan, LoanLost notice, MoneyInput? cost, string field, LoanContext ctx, LocalDate on, Instant now)
    {
        var amount = v.Money(cost, field, positive: true, currency: ctx.BaseCurrency);
        if (LostItemRules.WhyNotBillable(notice, on) is { } why) v.Add(field, why);
        if (amount is null) return [];
        var (month, adjusts) = Months.ClearedIn(on, ctx.SettledMonths);
        return [new ReplacementCharged(loan.Id, loan.ConsortiumId, loan.BorrowerId, loan.LenderId, amount.Value, notice.On, notice.BillingDeadline, on, month, now, adjusts)];
    }

    private static void UnusedFields(Validation v, LoanAction action, LoanActionInput input)
    {
        void Only(bool given, string field, params LoanAction[] actions)
        {
            if (given && !actions.Contains(action)) v.Add(field, $"Not used by '{action.Name()}' (only by {string.Join(", ", actions.Select(a => a.Name()))}).");
        }
        Only(input.OfferedCost is not null, "offeredCost", LoanAction.Conditional);
        Only(input.Pages is not null, "pages", LoanAction.CopyCompleted);
        Only(input.DueDate is not null, "dueDate", LoanAction.Shipped, LoanAction.Renewed);
        Only(input.ReplacementCost is not null, "replacementCost", LoanAction.Lost, LoanAction.BillReplacement);
        Only(input.StatedCost is not null, "statedCost", LoanAction.Shipped, LoanAction.CopyCompleted);
    }

    private static Member? ActiveMember(Validation v, Member? member, Guid id, string field, LocalDate on)
    {
        if (member is null) { v.Add(field, $"{id} is not a member of this consortium."); return null; }
        if (!member.IsActiveOn(on)) { v.Add(field, $"Member {member.Code} is not an active member on {on:uuuu-MM-dd}."); return null; }
        return member;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
