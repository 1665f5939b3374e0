using Microsoft.AspNetCore.Http;
using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// The member-account decisions without a database: given the account's events and the facts read for it (the books'
/// currency, the open items, the items that exist), when a command, then the one event it records or the refusal.
/// A member owes two items: dues 100.00 (the older) and a clearing charge 30.00.
/// </summary>
public class MemberAccountDecisionTests
{
    private static readonly Guid C = Guid.Parse("0b3f7c1e-0000-4000-8000-000000000001");
    private static readonly Guid M = Guid.Parse("0b3f7c1e-0000-4000-8000-000000000002");
    private static readonly Guid Account = StreamIds.MemberAccount(C, M);
    private static readonly Guid NewId = Guid.Parse("0b3f7c1e-0000-4000-8000-0000000000aa");
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 27, 12, 0);
    private static readonly LocalDate Day = new(2026, 11, 20);
    private const string Dues = "dues:2026";
    private const string Clearing = "clearing:2026-10";

    private static Money Usd(string amount) => Money.Parse(amount, "USD");

    /// <summary>What the account owes now: dues 100.00 and clearing 30.00, both open, plus any item named that is fully paid.</summary>
    private static AccountFacts Owing(string dues = "100.00", string clearing = "30.00", params string[] settledItems)
    {
        var open = new List<OpenItem>();
        if (Usd(dues).IsPositive) open.Add(new OpenItem(Dues, new LocalDate(2026, 1, 1), "Dues 2026", Usd("100.00"), Usd(dues)));
        if (Usd(clearing).IsPositive) open.Add(new OpenItem(Clearing, new LocalDate(2026, 10, 31), "Clearing 2026-10", Usd("30.00"), Usd(clearing)));
        return new AccountFacts(C, M, "USD", open, new HashSet<string>([Dues, Clearing, .. settledItems]));
    }

    private static MemberAccount? Given(params object[] events)
    {
        if (events.Length == 0) return null;
        var account = new MemberAccount();
        foreach (var e in events)
        {
            switch (e)
            {
                case PaymentReceived p: account.Apply(p); break;
                case CreditNoteIssued n: account.Apply(n); break;
                case WriteOffApproved w: account.Apply(w); break;
                case DisputeRaised d: account.Apply(d); break;
                case DisputeResolved r: account.Apply(r); break;
                case PaymentReversed v: account.Apply(v); break;
                default: throw new ArgumentException($"Not an account event: {e}");
            }
        }
        return account;
    }

    private static object Accepted(Decision decision) =>
        Assert.Single(Assert.IsType<Decision.Accepted>(decision).Events);

    private static Dictionary<string, string> Refused(Decision decision) =>
        Assert.IsType<Decision.Invalid>(decision).Errors.ToDictionary(e => e.Field, e => e.Message);

    private static DisputeRaised Raised(Guid id, string item) => new(Account, C, M, id, item, "Charged twice", Day, Now);
    private static PaymentReceived Paid(string reference) => new(Account, C, M, Guid.NewGuid(), Usd("1.00"), reference, Day, [], "oldest-first", Now);

    // ---- payments ----

    [Fact]
    public void A_payment_without_allocations_settles_the_oldest_items_first_and_holds_the_rest_on_account()
    {
        var e = (PaymentReceived)Accepted(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("120.00"), " BANK-1 ", Day, null), Owing(), NewId, Now));

        Assert.Equal((Account, C, M, NewId, Usd("120.00"), "BANK-1", Day, "oldest-first", Now),
            (e.AccountId, e.ConsortiumId, e.MemberId, e.PaymentId, e.Amount, e.BankReference, e.ReceivedOn, e.AllocationMethod, e.RecordedAt));
        Assert.Equal(new[] { new ItemAllocation(Dues, Usd("100.00")), new ItemAllocation(Clearing, Usd("20.00")) }, e.Allocations);

        var more = (PaymentReceived)Accepted(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("200.00"), "BANK-2", Day, null), Owing(), NewId, Now));
        Assert.Equal(Usd("130.00"), Money.Sum(more.Allocations.Select(a => a.Amount), "USD")); // 70.00 stays on account
    }

    [Fact]
    public void A_payment_allocated_by_finance_may_not_take_more_than_an_item_has_open()
    {
        var ok = (PaymentReceived)Accepted(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("30.00"), "BANK-1", Day,
            [new AllocationInput(Clearing, Usd("30.00"))]), Owing(), NewId, Now));
        Assert.Equal("specified", ok.AllocationMethod);
        Assert.Equal(new[] { new ItemAllocation(Clearing, Usd("30.00")) }, ok.Allocations);

        // Someone else's payment settled 80.00 of the dues a moment ago: 20.00 is open, so 100.00 against it is refused.
        var refused = Refused(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("100.00"), "BANK-2", Day,
            [new AllocationInput(Dues, Usd("100.00"))]), Owing(dues: "20.00"), NewId, Now));
        Assert.Equal("The item has 20.00 open.", refused["allocations[0].amount"]);

        var wrong = Refused(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("50.00"), "BANK-3", Day,
            [new AllocationInput("dues:1999", Usd("10.00")), new AllocationInput(Clearing, Usd("20.00")), new AllocationInput(Clearing, Usd("5.00"))]), Owing(), NewId, Now));
        Assert.Equal("'dues:1999' is not an open item of this member.", wrong["allocations[0].itemId"]);
        Assert.Equal("Name each item once.", wrong["allocations"]);

        var exceeding = Refused(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("10.00"), "BANK-4", Day,
            [new AllocationInput(Dues, Usd("50.00"))]), Owing(), NewId, Now));
        Assert.Equal("The allocations exceed the payment.", exceeding["allocations"]);
    }

    [Fact]
    public void A_payment_needs_an_amount_in_the_books_currency_a_bank_reference_and_a_date_and_a_new_bank_reference()
    {
        var missing = Refused(MemberAccountDecisions.Pay(null, new RecordPayment(Money.Parse("5.00", "EUR"), " ", null, null), Owing(), NewId, Now));
        Assert.Equal(new Dictionary<string, string>
        {
            ["amount"] = "The consortium keeps its books in USD.", ["bankReference"] = "Required.", ["receivedOn"] = "Required (yyyy-MM-dd).",
        }, missing);
        Assert.Equal("Must be more than zero.", Refused(MemberAccountDecisions.Pay(null, new RecordPayment(Usd("0.00"), "B", Day, null), Owing(), NewId, Now))["amount"]);

        var again = MemberAccountDecisions.Pay(Given(Paid("BANK-7")), new RecordPayment(Usd("5.00"), "BANK-7", Day, null), Owing(), NewId, Now);
        Assert.Equal("A payment with bank reference 'BANK-7' was already recorded for this member.", Assert.IsType<Decision.Conflict>(again).Detail);
        // The reference is stored trimmed, so padding does not make the same payment a new one.
        var padded = MemberAccountDecisions.Pay(Given(Paid("BANK-7")), new RecordPayment(Usd("5.00"), " BANK-7 ", Day, null), Owing(), NewId, Now);
        Assert.IsType<Decision.Conflict>(padded);
    }

    // ---- credit notes and write-offs ----

    [Fact]
    public void A_credit_note_on_an_item_reduces_at_most_what_is_open_and_one_on_account_is_not_capped()
    {
        var e = Accepted(MemberAccountDecisions.Credit(null, new IssueCreditNote(Usd("100.00"), " Goodwill ", Dues, Day), Owing(), NewId, Now));
        Assert.Equal(new CreditNoteIssued(Account, C, M, NewId, Usd("100.00"), "Goodwill", Dues, Day, Now), e);

        // The same credit after the dues were written off: nothing is open on the item any more.
        var twice = Refused(MemberAccountDecisions.Credit(Given(new WriteOffApproved(Account, C, M, Guid.NewGuid(), Usd("100.00"), "Closed", Dues, Day, Now)),
            new IssueCreditNote(Usd("100.00"), "Goodwill", Dues, Day), Owing(dues: "0.00", settledItems: Dues), NewId, Now));
        Assert.Equal(new Dictionary<string, string> { ["itemId"] = "The item has 0.00 open." }, twice);

        Assert.Equal("'dues:1999' is not an item on this member's account.",
            Refused(MemberAccountDecisions.Credit(null, new IssueCreditNote(Usd("1.00"), "x", "dues:1999", Day), Owing(), NewId, Now))["itemId"]);
        Assert.Equal(new Dictionary<string, string> { ["amount"] = "Required: {\"amount\":\"…\",\"currency\":\"…\"}.", ["reason"] = "Required.", ["issuedOn"] = "Required (yyyy-MM-dd)." },
            Refused(MemberAccountDecisions.Credit(null, new IssueCreditNote(null, null, null, null), Owing(), NewId, Now)));

        var onAccount = (CreditNoteIssued)Accepted(MemberAccountDecisions.Credit(null, new IssueCreditNote(Usd("500.00"), "Refund", null, Day), Owing(), NewId, Now));
        Assert.Equal((Usd("500.00"), (string?)null), (onAccount.Amount, onAccount.ItemId));
    }

    [Fact]
    public void A_write_off_takes_at_most_what_the_item_or_the_member_owes()
    {
        Assert.Equal(new WriteOffApproved(Account, C, M, NewId, Usd("130.00"), "Closed library", null, Day, Now),
            Accepted(MemberAccountDecisions.WriteOff(null, new ApproveWriteOff(Usd("130.00"), "Closed library", null, Day), Owing(), NewId, Now)));
        Assert.Equal("The member owes 130.00; a write-off cannot exceed it.",
            Refused(MemberAccountDecisions.WriteOff(null, new ApproveWriteOff(Usd("130.01"), "Closed library", null, Day), Owing(), NewId, Now))["amount"]);
        Assert.Equal("The item has 30.00 open.",
            Refused(MemberAccountDecisions.WriteOff(null, new ApproveWriteOff(Usd("30.01"), "Closed", Clearing, Day), Owing(), NewId, Now))["itemId"]);
        Assert.Equal(Clearing, ((WriteOffApproved)Accepted(MemberAccountDecisions.WriteOff(null, new ApproveWriteOff(Usd("30.00"), "Closed", Clearing, Day), Owing(), NewId, Now))).ItemId);

        // After a payment of 120.00 only 10.00 is owed: writing off the 130.00 seen before it is refused.
        Assert.Equal("The member owes 10.00; a write-off cannot exceed it.",
            Refused(MemberAccountDecisions.WriteOff(Given(Paid("BANK-1")), new ApproveWriteOff(Usd("130.00"), "Closed", null, Day), Owing(dues: "0.00", clearing: "10.00", settledItems: Dues), NewId, Now))["amount"]);
        Assert.Equal("approvedOn", Assert.Single(Refused(MemberAccountDecisions.WriteOff(null, new ApproveWriteOff(Usd("1.00"), "x", null, null), Owing(), NewId, Now))).Key);
    }

    // ---- disputes ----

    [Fact]
    public void A_dispute_names_an_item_of_the_member_and_one_item_is_disputed_once_at_a_time()
    {
        Assert.Equal(new DisputeRaised(Account, C, M, NewId, Dues, "FTE figure was wrong", new LocalDate(2026, 11, 27), Now),
            Accepted(MemberAccountDecisions.Dispute(null, new RaiseDispute(Dues, " FTE figure was wrong ", null), Owing(), NewId, Now)));

        var open = Guid.NewGuid();
        Assert.Equal("This item is already in dispute.",
            Assert.IsType<Decision.Conflict>(MemberAccountDecisions.Dispute(Given(Raised(open, Dues)), new RaiseDispute(Dues, "again", Day), Owing(), NewId, Now)).Detail);
        Assert.Equal(new Dictionary<string, string> { ["reason"] = "Required.", ["itemId"] = "'dues:1999' is not an item on this member's account." },
            Refused(MemberAccountDecisions.Dispute(Given(Raised(open, Dues)), new RaiseDispute("dues:1999", "", Day), Owing(), NewId, Now)));
        Assert.Equal("Required: the id of an item on the member's statement.",
            Refused(MemberAccountDecisions.Dispute(null, new RaiseDispute(null, "x", Day), Owing(), NewId, Now))["itemId"]);
        // Once resolved, the item may be disputed again.
        var resolved = new DisputeResolved(Account, C, M, open, Dues, false, null, "Figures confirmed", Day, Now);
        Assert.IsType<Decision.Accepted>(MemberAccountDecisions.Dispute(Given(Raised(open, Dues), resolved), new RaiseDispute(Dues, "new facts", Day), Owing(), NewId, Now));
    }

    [Fact]
    public void A_dispute_is_resolved_once_and_an_upheld_one_credits_at_most_what_its_item_has_open()
    {
        var id = Guid.NewGuid();
        var account = Given(Raised(id, Clearing));

        Assert.Equal(new DisputeResolved(Account, C, M, id, Clearing, true, Usd("30.00"), "Refund", new LocalDate(2026, 11, 27), Now),
            Accepted(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(true, Usd("30.00"), " Refund ", null), Owing(), Now)));
        Assert.Equal(new DisputeResolved(Account, C, M, id, Clearing, false, null, "Confirmed", Day, Now),
            Accepted(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(false, null, "Confirmed", Day), Owing(), Now)));

        Assert.Equal("The item has 5.00 open.", Refused(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(true, Usd("30.00"), "Refund", Day), Owing(clearing: "5.00"), Now))["credit"]);
        Assert.Equal("Required: {\"amount\":\"…\",\"currency\":\"…\"}.", Refused(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(true, null, "Refund", Day), Owing(), Now))["credit"]);
        Assert.Equal("A rejected dispute carries no credit.", Refused(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(false, Usd("1.00"), "No", Day), Owing(), Now))["credit"]);
        Assert.Equal(new Dictionary<string, string> { ["upheld"] = "Required: true (with a credit) or false.", ["reason"] = "Required." },
            Refused(MemberAccountDecisions.Resolve(account, id, new ResolveDispute(null, null, null, null), Owing(), Now)));

        var unknown = Guid.NewGuid();
        Assert.Equal(new Decision.NotFound("dispute", unknown), MemberAccountDecisions.Resolve(account, unknown, new ResolveDispute(false, null, "x", Day), Owing(), Now));
        Assert.Equal(new Decision.NotFound("dispute", id), MemberAccountDecisions.Resolve(null, id, new ResolveDispute(false, null, "x", Day), Owing(), Now));
        var resolved = Given(Raised(id, Clearing), new DisputeResolved(Account, C, M, id, Clearing, true, Usd("30.00"), "Refund", Day, Now));
        Assert.Equal("This dispute was already resolved.",
            Assert.IsType<Decision.Conflict>(MemberAccountDecisions.Resolve(resolved, id, new ResolveDispute(true, Usd("30.00"), "Refund", Day), Owing(clearing: "0.00", settledItems: Clearing), Now)).Detail);
    }

    [Fact]
    public void Problems_follow_the_refusal_and_an_accepted_decision_hands_its_events_to_be_appended()
    {
        var e = new WriteOffApproved(Account, C, M, NewId, Usd("1.00"), "x", null, Day, Now);
        var (result, events) = Decision.Accept(e).Respond(ev => Results.Created("/there", ev));
        Assert.Equal([e], events);
        Assert.Equal(201, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);

        foreach (var (refusal, status) in new (Decision, int)[]
                 {
                     (new Decision.NotFound("dispute", NewId), 404), (new Decision.Conflict("Taken."), 409), (new Decision.Invalid([new FieldError("amount", "Required.")]), 422),
                 })
        {
            var (problem, none) = refusal.Respond(_ => throw new InvalidOperationException("a refusal answers no resource"));
            Assert.Empty(none);
            Assert.Equal(status, Assert.IsAssignableFrom<IStatusCodeHttpResult>(problem).StatusCode);
        }
    }

    private static readonly Guid PaymentId = Guid.Parse("0b3f7c1e-0000-4000-8000-0000000000b1");

    private static PaymentReceived PaymentOf(string amount, params ItemAllocation[] allocations) =>
        new(Account, C, M, PaymentId, Usd(amount), "BANK-9", new LocalDate(2026, 11, 1), allocations, "oldest-first", Now);

    [Fact]
    public void A_payment_is_reversed_with_the_allocation_it_was_recorded_with()
    {
        var given = Given(PaymentOf("120.00", new ItemAllocation(Dues, Usd("100.00")), new ItemAllocation(Clearing, Usd("20.00"))));

        var e = Assert.IsType<PaymentReversed>(Accepted(MemberAccountDecisions.Reverse(given, PaymentId, new ReversePayment(" Bounced ", Day), Owing("0.00", "10.00"), NewId, Now)));

        Assert.Equal((PaymentId, "120.00", "BANK-9", "Bounced", Day), (e.PaymentId, e.Amount.ToDecimalString(), e.BankReference, e.Reason, e.ReversedOn));
        Assert.Equal([(Dues, "100.00"), (Clearing, "20.00")], e.Allocations.Select(a => (a.ItemId, a.Amount.ToDecimalString())));
    }

    [Fact]
    public void A_payment_unknown_reversed_twice_or_before_it_arrived_is_refused()
    {
        var paid = PaymentOf("50.00");
        Assert.IsType<Decision.NotFound>(MemberAccountDecisions.Reverse(Given(paid), NewId, new ReversePayment("Bounced", Day), Owing(), NewId, Now));
        Assert.Equal(["reason"], Refused(MemberAccountDecisions.Reverse(Given(paid), PaymentId, new ReversePayment(" ", Day), Owing(), NewId, Now)).Keys);
        Assert.Equal(["reversedOn"], Refused(MemberAccountDecisions.Reverse(Given(paid), PaymentId, new ReversePayment("Bounced", new LocalDate(2026, 10, 31)), Owing(), NewId, Now)).Keys);
        var reversed = new PaymentReversed(Account, C, M, NewId, PaymentId, Usd("50.00"), "BANK-9", [], "Bounced", Day, Now);
        Assert.IsType<Decision.Conflict>(MemberAccountDecisions.Reverse(Given(paid, reversed), PaymentId, new ReversePayment("Again", Day), Owing(), NewId, Now));
    }

    [Fact]
    public void A_refund_pays_back_at_most_what_is_held_beyond_every_item()
    {
        // Owes nothing and holds 40.00: the receivable is -40.00.
        var holding = new AccountFacts(C, M, "USD", [], new HashSet<string>(), Receivable: -4000);
        var refund = new RefundOverpayment(Usd("40.00"), "OUT-1", "Overpaid", Day);
        Assert.IsType<OverpaymentRefunded>(Accepted(MemberAccountDecisions.Refund(null, refund, holding, NewId, Now)));
        Assert.Contains("40.00", Refused(MemberAccountDecisions.Refund(null, refund with { Amount = Usd("40.01") }, holding, NewId, Now))["amount"]);
        Assert.Equal(["amount"], Refused(MemberAccountDecisions.Refund(null, refund, Owing(), NewId, Now)).Keys); // owes 130.00, holds nothing
    }

    [Fact]
    public void What_is_owed_to_a_member_is_paid_out_or_applied_to_its_oldest_items()
    {
        var owed = Owing() with { Payable = 11000 }; // the consortium owes it 110.00; it owes dues 100.00 then clearing 30.00
        var applied = Assert.IsType<MemberPayableSettled>(Accepted(MemberAccountDecisions.SettlePayable(null,
            new SettleMemberPayable(Usd("110.00"), "applied-to-bill", null, Day), owed, NewId, Now)));
        Assert.Equal([(Dues, "100.00"), (Clearing, "10.00")], applied.Allocations.Select(a => (a.ItemId, a.Amount.ToDecimalString())));

        var paidOut = Assert.IsType<MemberPayableSettled>(Accepted(MemberAccountDecisions.SettlePayable(null,
            new SettleMemberPayable(Usd("110.00"), "paid-out", "OUT-3", Day), owed, NewId, Now)));
        Assert.Equal(("paid-out", "OUT-3", 0), (paidOut.Method, paidOut.BankReference, paidOut.Allocations.Count));

        Assert.Equal(["amount"], Refused(MemberAccountDecisions.SettlePayable(null, new SettleMemberPayable(Usd("110.01"), "paid-out", "OUT-3", Day), owed, NewId, Now)).Keys);
        Assert.Equal(["bankReference"], Refused(MemberAccountDecisions.SettlePayable(null, new SettleMemberPayable(Usd("1.00"), "paid-out", null, Day), owed, NewId, Now)).Keys);
        Assert.Equal(["method"], Refused(MemberAccountDecisions.SettlePayable(null, new SettleMemberPayable(Usd("1.00"), "cheque", null, Day), owed, NewId, Now)).Keys);
    }
}
