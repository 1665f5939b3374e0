using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>
/// What a member-account command is decided against besides the account stream itself. The endpoints read it after the
/// account was loaded for writing, so a reduction saved by anyone else after this read moves the stream past the version
/// the decision is appended at, and the save is refused (409) instead of reducing the same money twice.
/// </summary>
/// <param name="Currency">The consortium's base currency: the books are kept in it.</param>
/// <param name="Open">The member's open items now (every posting counts), oldest first.</param>
/// <param name="Items">Of the items the command names, those that are receivable debits on this member's account.</param>
/// <param name="Receivable">What the member owes now, net (negative: it has paid more than it owes).</param>
/// <param name="Payable">What the consortium owes the member now (clearing credits, reimbursements) and has not settled.</param>
public sealed record AccountFacts(Guid ConsortiumId, Guid MemberId, string Currency, IReadOnlyList<OpenItem> Open, IReadOnlySet<string> Items,
    long Receivable = 0, long Payable = 0)
{
    /// <summary>Money held on the member's account beyond every item it owes: what an overpayment refund may pay back.</summary>
    public Money CreditHeld => new(Math.Max(0, -Receivable), Currency);
    public Money OwedToMember => new(Math.Max(0, Payable), Currency);
    public Guid AccountId => StreamIds.MemberAccount(ConsortiumId, MemberId);
    public Money Outstanding => Money.Sum(Open.Select(i => i.Open), Currency);
    public Money OpenOn(string itemId) => Open.FirstOrDefault(o => o.ItemId == itemId)?.Open ?? Money.Zero(Currency);
}

/// <summary>
/// The decisions of a member's account, free of HTTP and storage: given the account (null before its first event), the
/// facts read for it and a command, the one event the command records, or why it records nothing. Refusals keep the
/// order the endpoints always had: what is missing or malformed (422) before what has already happened (409).
/// </summary>
public static class MemberAccountDecisions
{
    public static Decision Pay(MemberAccount? account, RecordPayment command, AccountFacts facts, Guid paymentId, Instant now)
    {
        var errors = new List<FieldError>();
        CheckAmount(facts, command.Amount, "amount", errors);
        if (string.IsNullOrWhiteSpace(command.BankReference)) errors.Add(new("bankReference", "Required."));
        if (command.ReceivedOn is null) errors.Add(new("receivedOn", "Required (yyyy-MM-dd)."));
        if (errors.Count > 0) return new Decision.Invalid(errors);
        // Compared as stored (trimmed): "BANK-7 " is the payment recorded as "BANK-7", not a second one.
        if (account?.PaymentReferences.Contains(command.BankReference!.Trim()) == true)
            return new Decision.Conflict($"A payment with bank reference '{command.BankReference!.Trim()}' was already recorded for this member.");

        var amount = command.Amount!.Value;
        List<ItemAllocation> allocations;
        string method;
        if (command.Allocations is { Count: > 0 } specified)
        {
            method = "specified";
            allocations = [];
            for (var i = 0; i < specified.Count; i++)
            {
                var a = specified[i];
                var item = facts.Open.FirstOrDefault(o => o.ItemId == a.ItemId);
                if (item is null) { errors.Add(new($"allocations[{i}].itemId", $"'{a.ItemId}' is not an open item of this member.")); continue; }
                CheckAmount(facts, a.Amount, $"allocations[{i}].amount", errors);
                if (a.Amount is { } m && m.Currency == facts.Currency && m > item.Open)
                    errors.Add(new($"allocations[{i}].amount", $"The item has {item.Open.ToDecimalString()} open."));
                else if (a.Amount is { } ok && ok.Currency == facts.Currency && ok.IsPositive) allocations.Add(new ItemAllocation(item.ItemId, ok));
            }
            if (specified.Select(a => a.ItemId).Distinct().Count() != specified.Count) errors.Add(new("allocations", "Name each item once."));
            if (errors.Count == 0 && Money.Sum(allocations.Select(a => a.Amount), facts.Currency) > amount)
                errors.Add(new("allocations", "The allocations exceed the payment."));
        }
        else
        {
            method = "oldest-first";
            allocations = OldestFirst(facts.Open, amount);
        }
        return Decision.AcceptUnless(errors, () => new PaymentReceived(facts.AccountId, facts.ConsortiumId, facts.MemberId, paymentId, amount,
            command.BankReference!.Trim(), command.ReceivedOn!.Value, allocations, method, now));
    }

    /// <summary>Allocates an amount to open items, oldest first; what is left is held on account.</summary>
    public static List<ItemAllocation> OldestFirst(IReadOnlyList<OpenItem> open, Money amount)
    {
        var left = amount;
        var result = new List<ItemAllocation>();
        foreach (var item in open)
        {
            if (!left.IsPositive) break;
            var take = item.Open < left ? item.Open : left;
            result.Add(new ItemAllocation(item.ItemId, take));
            left -= take;
        }
        return result;
    }

    public static Decision Credit(MemberAccount? account, IssueCreditNote command, AccountFacts facts, Guid creditNoteId, Instant now)
    {
        var errors = new List<FieldError>();
        CheckReduction(facts, command.Amount, command.Reason, command.IssuedOn, "issuedOn", command.ItemId, errors);
        return Decision.AcceptUnless(errors, () => new CreditNoteIssued(facts.AccountId, facts.ConsortiumId, facts.MemberId, creditNoteId,
            command.Amount!.Value, command.Reason!.Trim(), command.ItemId, command.IssuedOn!.Value, now));
    }

    public static Decision Dispute(MemberAccount? account, RaiseDispute command, AccountFacts facts, Guid disputeId, Instant now)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required."));
        CheckItem(facts, command.ItemId, null, "itemId", required: true, errors);
        if (errors.Count > 0) return new Decision.Invalid(errors);
        if (account?.OpenDisputes.Values.Any(d => d.ItemId == command.ItemId) == true) return new Decision.Conflict("This item is already in dispute.");
        return Decision.Accept(new DisputeRaised(facts.AccountId, facts.ConsortiumId, facts.MemberId, disputeId, command.ItemId!, command.Reason!.Trim(),
            command.RaisedOn ?? now.InUtc().Date, now));
    }

    public static Decision Resolve(MemberAccount? account, Guid disputeId, ResolveDispute command, AccountFacts facts, Instant now)
    {
        if (account?.ResolvedDisputes.ContainsKey(disputeId) == true) return new Decision.Conflict("This dispute was already resolved.");
        if (account?.OpenDisputes.GetValueOrDefault(disputeId) is not { } dispute) return new Decision.NotFound("dispute", disputeId);

        var errors = new List<FieldError>();
        if (command.Upheld is null) errors.Add(new("upheld", "Required: true (with a credit) or false."));
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required."));
        if (command.Upheld == true) CheckItem(facts, dispute.ItemId, command.Credit, "credit", required: true, errors, requireAmount: true);
        if (command.Upheld == false && command.Credit is not null) errors.Add(new("credit", "A rejected dispute carries no credit."));
        return Decision.AcceptUnless(errors, () => new DisputeResolved(facts.AccountId, facts.ConsortiumId, facts.MemberId, disputeId, dispute.ItemId,
            command.Upheld!.Value, command.Upheld == true ? command.Credit : null, command.Reason!.Trim(), command.ResolvedOn ?? now.InUtc().Date, now));
    }

    public static Decision WriteOff(MemberAccount? account, ApproveWriteOff command, AccountFacts facts, Guid writeOffId, Instant now)
    {
        var errors = new List<FieldError>();
        CheckReduction(facts, command.Amount, command.Reason, command.ApprovedOn, "approvedOn", command.ItemId, errors);
        if (errors.Count == 0 && command.ItemId is null && command.Amount!.Value > facts.Outstanding)
            errors.Add(new("amount", $"The member owes {facts.Outstanding.ToDecimalString()}; a write-off cannot exceed it."));
        return Decision.AcceptUnless(errors, () => new WriteOffApproved(facts.AccountId, facts.ConsortiumId, facts.MemberId, writeOffId,
            command.Amount!.Value, command.Reason!.Trim(), command.ItemId, command.ApprovedOn!.Value, now));
    }

    /// <summary>Reverse a payment recorded in error: its allocation undone, as the account recorded it. A payment is reversed once.</summary>
    public static Decision Reverse(MemberAccount? account, Guid paymentId, ReversePayment command, AccountFacts facts, Guid reversalId, Instant now)
    {
        if (account?.Payments.GetValueOrDefault(paymentId) is not { } payment) return new Decision.NotFound("payment", paymentId);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required: why the payment is reversed."));
        if (command.ReversedOn is null) errors.Add(new("reversedOn", "Required (yyyy-MM-dd)."));
        else if (command.ReversedOn < payment.ReceivedOn)
            errors.Add(new("reversedOn", $"The payment was received on {payment.ReceivedOn:uuuu-MM-dd}; it cannot be reversed before."));
        if (errors.Count > 0) return new Decision.Invalid(errors);
        if (account.ReversedPayments.Contains(paymentId)) return new Decision.Conflict("This payment was already reversed.");
        return Decision.Accept(new PaymentReversed(facts.AccountId, facts.ConsortiumId, facts.MemberId, reversalId, paymentId, payment.Amount,
            payment.BankReference, payment.Allocations, command.Reason!.Trim(), command.ReversedOn!.Value, now));
    }

    /// <summary>Pay back money the member paid beyond everything it owes; never more than is held on its account.</summary>
    public static Decision Refund(MemberAccount? account, RefundOverpayment command, AccountFacts facts, Guid refundId, Instant now)
    {
        var errors = new List<FieldError>();
        CheckAmount(facts, command.Amount, "amount", errors);
        if (string.IsNullOrWhiteSpace(command.BankReference)) errors.Add(new("bankReference", "Required."));
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required."));
        if (command.PaidOn is null) errors.Add(new("paidOn", "Required (yyyy-MM-dd)."));
        if (errors.Count == 0 && command.Amount!.Value > facts.CreditHeld)
            errors.Add(new("amount", $"The member has {facts.CreditHeld.ToDecimalString()} {facts.Currency} held on account beyond what it owes; a refund cannot exceed it."));
        return Decision.AcceptUnless(errors, () => new OverpaymentRefunded(facts.AccountId, facts.ConsortiumId, facts.MemberId, refundId,
            command.Amount!.Value, command.BankReference!.Trim(), command.Reason!.Trim(), command.PaidOn!.Value, now));
    }

    /// <summary>Settle what the consortium owes the member: paid out to its bank, or applied against its bill (oldest items first).</summary>
    public static Decision SettlePayable(MemberAccount? account, SettleMemberPayable command, AccountFacts facts, Guid settlementId, Instant now)
    {
        var errors = new List<FieldError>();
        CheckAmount(facts, command.Amount, "amount", errors);
        var method = command.Method?.Trim();
        if (method is not (MemberPayableSettled.PaidOut or MemberPayableSettled.AppliedToBill))
            errors.Add(new("method", $"Required: '{MemberPayableSettled.PaidOut}' or '{MemberPayableSettled.AppliedToBill}'."));
        if (method == MemberPayableSettled.PaidOut && string.IsNullOrWhiteSpace(command.BankReference)) errors.Add(new("bankReference", "Required to pay out."));
        if (method == MemberPayableSettled.AppliedToBill && command.BankReference is not null) errors.Add(new("bankReference", "Nothing is paid out when the credit is applied to the bill."));
        if (command.SettledOn is null) errors.Add(new("settledOn", "Required (yyyy-MM-dd)."));
        if (errors.Count == 0 && command.Amount!.Value > facts.OwedToMember)
            errors.Add(new("amount", $"The consortium owes the member {facts.OwedToMember.ToDecimalString()} {facts.Currency}; it cannot settle more."));
        if (errors.Count > 0) return new Decision.Invalid(errors);
        var amount = command.Amount!.Value;
        return Decision.Accept(new MemberPayableSettled(facts.AccountId, facts.ConsortiumId, facts.MemberId, settlementId, amount, method!,
            command.BankReference?.Trim(), method == MemberPayableSettled.AppliedToBill ? OldestFirst(facts.Open, amount) : [], command.SettledOn!.Value, now));
    }

    private static void CheckAmount(AccountFacts facts, Money? amount, string field, List<FieldError> errors)
    {
        if (amount is not { } m) errors.Add(new(field, "Required: {\"amount\":\"…\",\"currency\":\"…\"}."));
        else if (m.Currency != facts.Currency) errors.Add(new(field, $"The consortium keeps its books in {facts.Currency}."));
        else if (!m.IsPositive) errors.Add(new(field, "Must be more than zero."));
    }

    /// <summary>What a credit note and a write-off both need: a positive amount in the books' currency, a reason, a date, and an optional item it does not exceed.</summary>
    private static void CheckReduction(AccountFacts facts, Money? amount, string? reason, LocalDate? on, string dateField, string? itemId, List<FieldError> errors)
    {
        CheckAmount(facts, amount, "amount", errors);
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "Required."));
        if (on is null) errors.Add(new(dateField, "Required (yyyy-MM-dd)."));
        CheckItem(facts, itemId, amount, "itemId", required: false, errors);
    }

    /// <summary>An item named must be one of this member's receivable debits; an amount against it may not exceed what is open.</summary>
    private static void CheckItem(AccountFacts facts, string? itemId, Money? amount, string field, bool required, List<FieldError> errors, bool requireAmount = false)
    {
        if (requireAmount) CheckAmount(facts, amount, field, errors);
        if (itemId is null)
        {
            if (required) errors.Add(new("itemId", "Required: the id of an item on the member's statement."));
            return;
        }
        if (!facts.Items.Contains(itemId))
        {
            errors.Add(new("itemId", $"'{itemId}' is not an item on this member's account."));
            return;
        }
        if (amount is { } m && m.Currency == facts.Currency && m > facts.OpenOn(itemId))
            errors.Add(new(field, $"The item has {facts.OpenOn(itemId).ToDecimalString()} open."));
    }
}
