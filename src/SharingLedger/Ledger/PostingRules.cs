using NodaTime;
using SharingLedger.Dues;
using SharingLedger.InKind;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Procurement;
using SharingLedger.Subscriptions;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.Sharing;

namespace SharingLedger.Ledger;

/// <summary>
/// Maps each financial event to balanced double-entry postings. Pure: the same event, source and context give the
/// same postings, which is what lets a rebuild be compared with what the inline projection stored.
/// <list type="bullet">
/// <item>Dues: Dr member receivable, Cr central fund.</item>
/// <item>A vendor invoice (subscription or procurement, in base currency after its one conversion): Dr central fund, Cr vendor payable.</item>
/// <item>A cost apportioned: Dr each member's receivable for its share, Cr central fund for the lines' sum (a shortfall simply stays on the fund).</item>
/// <item>A subscription revision: only the adjustments, Dr/Cr each member's receivable by its difference against the central fund.</item>
/// <item>A restatement under a retroactive amendment (dues, procurement shares): each member's difference on the original item, against the central fund.</item>
/// <item>A settled clearing month: payers Dr receivable / Cr clearing; payees Dr clearing / Cr payable; fees Dr clearing / Cr central fund.</item>
/// <item>A reimbursement paid out: Dr central fund, Cr each member's payable.</item>
/// <item>Payment: Dr bank, Cr receivable (per allocated item, the rest on account). Credit note, upheld dispute, write-off: Dr central fund, Cr receivable.</item>
/// <item>A payment reversed: its postings mirrored (Dr receivable per item it settled, the part on account as an item of its own; Cr bank). An overpayment refunded: Dr receivable, Cr bank.</item>
/// <item>What the consortium owed a member, settled: Dr member payable; Cr bank (paid out) or Cr receivable (applied to its bill, oldest items first).</item>
/// <item>An in-kind contribution: Dr central fund, Cr the member's receivable on that year's dues item.</item>
/// <item>A vendor invoice paid: Dr vendor payable (the part of the booked amount it settles), Cr bank (what left the bank); an exchange difference Dr (loss) or Cr (gain) central fund.</item>
/// <item>A vendor invoice voided: its postings mirrored (Dr vendor payable, Cr central fund) and each member's share taken back on its item (Cr receivable, Dr central fund), dated the day it was voided. What had been paid on it leaves the vendor payable in debit: the vendor's credit.</item>
/// <item>A vendor credit applied to the invoice recorded in place of the voided one: Dr vendor payable (the part of the new invoice it settles), Cr vendor payable (the part of the credit it uses), the difference to the central fund; no bank.</item>
/// <item>A vendor credit refunded: Dr bank (what came in), Cr vendor payable (the part of the credit it settles), an exchange difference Cr (gain) or Dr (loss) central fund.</item>
/// </list>
/// Lending and replacement charges post nothing until their month is settled: until then they are provisional clearing entries.
/// </summary>
public static class PostingRules
{
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(DuesAssessed), typeof(SubscriptionInvoiced), typeof(SubscriptionCostApportioned),
        typeof(ProcurementInvoiced), typeof(ProcurementCostApportioned), typeof(ClearingSettled),
        typeof(PaymentReceived), typeof(CreditNoteIssued), typeof(DisputeResolved), typeof(WriteOffApproved),
        typeof(PaymentReversed), typeof(OverpaymentRefunded), typeof(MemberPayableSettled),
        typeof(ReimbursementPaidOut), typeof(DuesRestated), typeof(ProcurementCostRestated), typeof(ClearingRestated), typeof(InKindContributionRecorded),
        typeof(SubscriptionInvoicePaid), typeof(ProcurementInvoicePaid), typeof(SubscriptionInvoiceVoided), typeof(ProcurementInvoiceVoided),
        typeof(SubscriptionVendorCreditRefunded), typeof(ProcurementVendorCreditRefunded),
    ];

    public static bool NeedsContext(object data) => data is SubscriptionInvoiced or ProcurementInvoiced;

    public static IReadOnlyList<Posting> For(object data, PostingSource source, PostingContext? context = null)
    {
        var b = new Builder(source);
        switch (data)
        {
            case DuesAssessed e:
                b.Begin(e.ConsortiumId, e.PeriodStart, e.AgreementId, e.AgreementVersion);
                foreach (var s in e.Shares.Where(s => !s.Amount.IsZero))
                    b.Debit(Accounts.MemberReceivable, s.Amount, $"Dues {e.FiscalYear} ({s.MemberCode})", memberId: s.MemberId, item: $"dues:{e.AssessmentId:N}");
                b.Credit(Accounts.CentralFund, Money.Sum(e.Shares.Select(s => s.Amount), e.Total.Currency), $"Dues {e.FiscalYear}");
                break;

            case SubscriptionInvoiced e:
                b.Begin(context?.ConsortiumId ?? Guid.Empty, e.InvoiceDate, null, null);
                b.Debit(Accounts.CentralFund, e.BaseAmount, $"Subscription invoice {e.InvoiceNumber}, term {e.Term}");
                b.Credit(Accounts.VendorPayable, e.BaseAmount, $"Subscription invoice {e.InvoiceNumber}, term {e.Term}", party: context?.Vendor);
                break;

            case SubscriptionCostApportioned e:
                // A first split is dated by its invoice (the fact it bills); a revision by when it was recorded (the join, leave or
                // usage it follows). Events before issue 13 carry no invoice date, resource or vendor: dated and named as they were.
                b.Begin(e.ConsortiumId, e.Revision == 1 && e.InvoiceDate is { } invoiced ? invoiced : DateOf(e.RecordedAt), e.AgreementId, e.AgreementVersion);
                var bill = e.Resource is { } resource ? $"{resource} from {e.Vendor}, " : "";
                if (e.Revision == 1)
                {
                    foreach (var l in e.Cost.Lines.Where(l => !l.Amount.IsZero))
                        b.Debit(Accounts.MemberReceivable, l.Amount, bill.Length > 0 ? $"Subscription share: {bill}term {e.Term} ({l.MemberCode})" : $"Subscription share, term {e.Term} ({l.MemberCode})",
                            memberId: l.MemberId, item: SubscriptionItem(e));
                    b.Credit(Accounts.CentralFund, Money.Sum(e.Cost.Lines.Select(l => l.Amount), e.Cost.Total.Currency),
                        bill.Length > 0 ? $"Subscription shares: {bill}term {e.Term}" : $"Subscription shares, term {e.Term}");
                }
                else
                {
                    // Revision n posts only its adjustments against revision n-1; the invoice is unchanged, so the
                    // shortfall (borne by the central fund) moves by minus their sum.
                    foreach (var a in e.Adjustments)
                    {
                        var memo = $"Subscription {bill}term {e.Term} revision {e.Revision}: {e.Reason} ({a.MemberCode})";
                        if (a.Difference.IsPositive) b.Debit(Accounts.MemberReceivable, a.Difference, memo, memberId: a.MemberId, item: SubscriptionItem(e));
                        else b.Credit(Accounts.MemberReceivable, -a.Difference, memo, memberId: a.MemberId, itemId: SubscriptionItem(e));
                    }
                    var net = Money.Sum(e.Adjustments.Select(a => a.Difference), e.Cost.Total.Currency);
                    var fundMemo = $"Subscription {bill}term {e.Term} revision {e.Revision}: {e.Reason}";
                    if (net.IsPositive) b.Credit(Accounts.CentralFund, net, fundMemo);
                    else if (net.IsNegative) b.Debit(Accounts.CentralFund, -net, fundMemo);
                }
                break;

            case ProcurementInvoiced e:
                b.Begin(e.ConsortiumId, e.InvoiceDate, null, null);
                b.Debit(Accounts.CentralFund, e.BaseAmount, $"Procurement invoice {e.InvoiceNumber}");
                b.Credit(Accounts.VendorPayable, e.BaseAmount, $"Procurement invoice {e.InvoiceNumber}", party: context?.Vendor);
                break;

            case ProcurementCostApportioned e:
                b.Begin(e.ConsortiumId, e.PricedOn, e.AgreementId, e.AgreementVersion);
                foreach (var l in e.Lines.Where(l => !l.Amount.IsZero))
                    b.Debit(Accounts.MemberReceivable, l.Amount, e.Title is { } title ? $"Procurement share: {title} ({l.MemberCode})" : $"Procurement share ({l.MemberCode})",
                        memberId: l.MemberId, item: $"procurement:{e.ProcurementId:N}");
                b.Credit(Accounts.CentralFund, Money.Sum(e.Lines.Select(l => l.Amount), e.Total.Currency), e.Title is { } t ? $"Procurement shares: {t}" : "Procurement shares");
                break;

            case ClearingSettled e:
                b.Begin(e.ConsortiumId, e.PeriodEnd, null, null);
                foreach (var p in e.Positions.Where(p => !p.Net.IsZero))
                {
                    var memo = $"Clearing {e.Month} ({p.MemberCode}){LoansNamed(p.Requests)}";
                    if (p.Net.IsNegative)
                    {
                        b.Debit(Accounts.MemberReceivable, -p.Net, memo, memberId: p.MemberId, item: $"clearing:{e.Month}");
                        b.Credit(Accounts.Clearing, -p.Net, memo);
                    }
                    else
                    {
                        b.Debit(Accounts.Clearing, p.Net, memo);
                        b.Credit(Accounts.MemberPayable, p.Net, memo, memberId: p.MemberId);
                    }
                }
                if (!e.Fund.IsZero)
                {
                    b.Debit(Accounts.Clearing, e.Fund, $"Clearing {e.Month}: transaction fees");
                    b.Credit(Accounts.CentralFund, e.Fund, $"Clearing {e.Month}: transaction fees");
                }
                break;

            case ReimbursementPaidOut e when e.Payouts.Count > 0:
                b.Begin(e.ConsortiumId, e.PeriodEnd, e.AgreementId, e.AgreementVersion);
                b.Debit(Accounts.CentralFund, Money.Sum(e.Payouts.Select(p => p.Amount), e.Total.Currency), $"Lending reimbursement {e.FiscalYear}");
                foreach (var p in e.Payouts)
                    b.Credit(Accounts.MemberPayable, p.Amount, $"Lending reimbursement {e.FiscalYear} ({p.MemberCode})", memberId: p.MemberId);
                break;

            case DuesRestated e:
                b.Begin(e.ConsortiumId, DateOf(e.RecordedAt), e.AgreementId, e.AgreementVersion);
                PostDifferences(b, e.Differences, $"dues:{e.AssessmentId:N}", e.Total.Currency,
                    $"Dues {e.FiscalYear} restated under agreement version {e.AgreementVersion} (was {e.ReplacesAgreementVersion})");
                break;

            case ProcurementCostRestated e:
                b.Begin(e.ConsortiumId, DateOf(e.RecordedAt), e.AgreementId, e.AgreementVersion);
                PostDifferences(b, e.Differences, $"procurement:{e.ProcurementId:N}", e.Total.Currency,
                    $"Procurement share restated under agreement version {e.AgreementVersion} (was {e.ReplacesAgreementVersion})");
                break;

            case ClearingRestated e:
                b.Begin(e.ConsortiumId, DateOf(e.RecordedAt), e.AgreementId, e.AgreementVersion);
                PostClearingDifferences(b, e);
                break;

            case PaymentReceived e:
                b.Begin(e.ConsortiumId, e.ReceivedOn, null, null);
                b.Debit(Accounts.Bank, e.Amount, $"Payment {e.BankReference}");
                foreach (var a in e.Allocations)
                    b.Credit(Accounts.MemberReceivable, a.Amount, $"Payment {e.BankReference}", memberId: e.MemberId, itemId: a.ItemId);
                var onAccount = e.Amount - Money.Sum(e.Allocations.Select(a => a.Amount), e.Amount.Currency);
                if (!onAccount.IsZero) b.Credit(Accounts.MemberReceivable, onAccount, $"Payment {e.BankReference} (on account)", memberId: e.MemberId);
                break;

            case PaymentReversed e: // the payment's postings mirrored: its items open again, its part on account becomes an item
                b.Begin(e.ConsortiumId, e.ReversedOn, null, null);
                var reversal = $"Payment {e.BankReference} reversed: {e.Reason}";
                foreach (var a in e.Allocations) b.Debit(Accounts.MemberReceivable, a.Amount, reversal, memberId: e.MemberId, item: a.ItemId);
                var heldOnAccount = e.Amount - Money.Sum(e.Allocations.Select(a => a.Amount), e.Amount.Currency);
                if (!heldOnAccount.IsZero)
                    b.Debit(Accounts.MemberReceivable, heldOnAccount, reversal + " (the part held on account)", memberId: e.MemberId, item: $"payment:{e.PaymentId:N}");
                b.Credit(Accounts.Bank, e.Amount, reversal);
                break;

            case OverpaymentRefunded e: // Dr the member (taking back credit held on account), Cr bank
                b.Begin(e.ConsortiumId, e.PaidOn, null, null);
                b.Debit(Accounts.MemberReceivable, e.Amount, $"Overpayment refunded {e.BankReference}: {e.Reason}", memberId: e.MemberId, item: $"refund:{e.RefundId:N}");
                b.Credit(Accounts.Bank, e.Amount, $"Overpayment refunded {e.BankReference}");
                break;

            case MemberPayableSettled { Method: MemberPayableSettled.PaidOut } e: // Dr what the consortium owed the member, Cr bank
                b.Begin(e.ConsortiumId, e.SettledOn, null, null);
                b.Debit(Accounts.MemberPayable, e.Amount, $"Paid out to the member {e.BankReference}", memberId: e.MemberId);
                b.Credit(Accounts.Bank, e.Amount, $"Paid out to a member {e.BankReference}");
                break;

            case MemberPayableSettled e: // applied to the member's bill: Dr payable, Cr receivable (its items, the rest on account)
                b.Begin(e.ConsortiumId, e.SettledOn, null, null);
                b.Debit(Accounts.MemberPayable, e.Amount, "Applied to the member's bill", memberId: e.MemberId);
                foreach (var a in e.Allocations)
                    b.Credit(Accounts.MemberReceivable, a.Amount, "Credit owed to the member, applied", memberId: e.MemberId, itemId: a.ItemId);
                var rest = e.Amount - Money.Sum(e.Allocations.Select(a => a.Amount), e.Amount.Currency);
                if (!rest.IsZero) b.Credit(Accounts.MemberReceivable, rest, "Credit owed to the member, applied (on account)", memberId: e.MemberId);
                break;

            case SubscriptionInvoicePaid s:
                PostVendorPayment(b, s.Payment);
                break;

            case ProcurementInvoicePaid p:
                PostVendorPayment(b, p.Payment);
                break;

            case SubscriptionVendorCreditRefunded r:
                PostCreditRefund(b, r.Refund);
                break;

            case ProcurementVendorCreditRefunded r:
                PostCreditRefund(b, r.Refund);
                break;

            case SubscriptionInvoiceVoided e:
                b.Begin(e.ConsortiumId, e.VoidedOn, null, null);
                PostVoid(b, e.Vendor, e.BaseAmount, e.ReversedShares, $"subscription:{e.SubscriptionId:N}:{e.Term}",
                    $"Subscription invoice {e.InvoiceNumber}, term {e.Term}, voided: {e.Reason}");
                break;

            case ProcurementInvoiceVoided e:
                b.Begin(e.ConsortiumId, e.VoidedOn, null, null);
                PostVoid(b, e.Vendor, e.BaseAmount, e.ReversedShares, $"procurement:{e.ProcurementId:N}", $"Procurement invoice {e.InvoiceNumber} voided: {e.Reason}");
                break;

            case CreditNoteIssued e:
                b.Begin(e.ConsortiumId, e.IssuedOn, null, null);
                b.FundCreditsMember(e.Amount, $"Credit note: {e.Reason}", e.MemberId, e.ItemId);
                break;

            case DisputeResolved { Upheld: true, Credit: { } credit } e when !credit.IsZero:
                b.Begin(e.ConsortiumId, e.ResolvedOn, null, null);
                b.FundCreditsMember(credit, $"Dispute upheld: {e.Reason}", e.MemberId, e.ItemId);
                break;

            case InKindContributionRecorded e: // a service valued at the agreement's rate pays part of that year's dues
                b.Begin(e.ConsortiumId, e.ProvidedOn, e.AgreementId, e.AgreementVersion);
                b.FundCreditsMember(e.Value, $"In kind: {e.Quantity} {e.Unit} {e.Kind}", e.MemberId, e.DuesItemId, $" ({e.MemberCode})");
                break;

            case WriteOffApproved e:
                b.Begin(e.ConsortiumId, e.ApprovedOn, null, null);
                b.FundCreditsMember(e.Amount, $"Write-off: {e.Reason}", e.MemberId, e.ItemId);
                break;
        }
        return b.Build();
    }

    private static void PostVendorPayment(Builder b, VendorPayment payment)
    {
        b.Begin(payment.ConsortiumId, payment.PaidOn, null, null);
        var memo = $"Paid {payment.Vendor} invoice {payment.InvoiceNumber} ({payment.BankReference})";
        var rate = payment.FromCreditOf is null ? $" at {payment.RateToBase}" : "";
        b.Debit(Accounts.VendorPayable, payment.Relieved, memo, party: payment.Vendor);
        if (payment.ExchangeDifference.IsPositive) b.Debit(Accounts.CentralFund, payment.ExchangeDifference, $"{memo}: exchange loss{rate}");
        else if (payment.ExchangeDifference.IsNegative) b.Credit(Accounts.CentralFund, -payment.ExchangeDifference, $"{memo}: exchange gain{rate}");
        if (payment.FromCreditOf is { } voided) // no money moved: the vendor's credit for the voided invoice is used up instead
            b.Credit(Accounts.VendorPayable, payment.BaseAmount, $"{payment.Vendor} credit of voided invoice {voided} applied to invoice {payment.InvoiceNumber}", party: payment.Vendor);
        else b.Credit(Accounts.Bank, payment.BaseAmount, memo);
    }

    private static void PostCreditRefund(Builder b, VendorCreditRefund refund)
    {
        b.Begin(refund.ConsortiumId, refund.RefundedOn, null, null);
        var memo = $"{refund.Vendor} refunded its credit of voided invoice {refund.VoidedInvoiceNumber} ({refund.BankReference})";
        b.Debit(Accounts.Bank, refund.BaseAmount, memo);
        if (refund.ExchangeDifference.IsPositive) b.Credit(Accounts.CentralFund, refund.ExchangeDifference, $"{memo}: exchange gain at {refund.RateToBase}");
        else if (refund.ExchangeDifference.IsNegative) b.Debit(Accounts.CentralFund, -refund.ExchangeDifference, $"{memo}: exchange loss at {refund.RateToBase}");
        b.Credit(Accounts.VendorPayable, refund.Settled, memo, party: refund.Vendor);
    }

    /// <summary>A voided invoice's postings mirrored: Dr vendor payable, Cr central fund; each share credited back on its item against the fund.</summary>
    private static void PostVoid(Builder b, string vendor, Money baseAmount, IReadOnlyList<MemberShare> shares, string item, string memo)
    {
        b.Debit(Accounts.VendorPayable, baseAmount, memo, party: vendor);
        b.Credit(Accounts.CentralFund, baseAmount, memo);
        if (shares.Count == 0) return;
        b.Debit(Accounts.CentralFund, Money.Sum(shares.Select(s => s.Amount), baseAmount.Currency), memo);
        foreach (var s in shares) b.Credit(Accounts.MemberReceivable, s.Amount, $"{memo} ({s.MemberCode})", memberId: s.MemberId, itemId: item);
    }

    /// <summary>Each member's nonzero difference raises (or credits) its original item; the central fund takes the opposite of their sum.</summary>
    private static void PostDifferences(Builder b, IReadOnlyList<Sharing.RestatedShare> differences, string item, string currency, string memo)
    {
        foreach (var d in differences.Where(d => !d.Difference.IsZero))
        {
            if (d.Difference.IsPositive) b.Debit(Accounts.MemberReceivable, d.Difference, $"{memo} ({d.MemberCode})", memberId: d.MemberId, item: item);
            else b.Credit(Accounts.MemberReceivable, -d.Difference, $"{memo} ({d.MemberCode})", memberId: d.MemberId, itemId: item);
        }
        var net = Money.Sum(differences.Select(d => d.Difference), currency);
        if (net.IsPositive) b.Credit(Accounts.CentralFund, net, memo);
        else if (net.IsNegative) b.Debit(Accounts.CentralFund, -net, memo);
    }

    /// <summary>
    /// A restated clearing month moves, per member, the change of what it pays (receivable, item "clearing:{month}") and of what it
    /// is paid (payable), and the change of the fees (central fund), each through the clearing account, which still nets to zero.
    /// </summary>
    private static void PostClearingDifferences(Builder b, ClearingRestated e)
    {
        var memo = $"Clearing {e.Month} restated under agreement version {e.AgreementVersion} (was {e.ReplacesAgreementVersion})";
        var zero = Money.Zero(e.Currency);
        foreach (var id in e.PreviousPositions.Concat(e.Positions).Select(p => p.MemberId).Distinct())
        {
            var was = e.PreviousPositions.FirstOrDefault(p => p.MemberId == id);
            var now = e.Positions.FirstOrDefault(p => p.MemberId == id);
            var code = (now ?? was)!.MemberCode;
            var pays = Pays(now?.Net ?? zero) - Pays(was?.Net ?? zero);
            var paid = Paid(now?.Net ?? zero) - Paid(was?.Net ?? zero);
            if (pays.IsPositive) { b.Debit(Accounts.MemberReceivable, pays, $"{memo} ({code})", memberId: id, item: $"clearing:{e.Month}"); b.Credit(Accounts.Clearing, pays, $"{memo} ({code})"); }
            else if (pays.IsNegative) { b.Debit(Accounts.Clearing, -pays, $"{memo} ({code})"); b.Credit(Accounts.MemberReceivable, -pays, $"{memo} ({code})", memberId: id, itemId: $"clearing:{e.Month}"); }
            if (paid.IsPositive) { b.Debit(Accounts.Clearing, paid, $"{memo} ({code})"); b.Credit(Accounts.MemberPayable, paid, $"{memo} ({code})", memberId: id); }
            else if (paid.IsNegative) { b.Debit(Accounts.MemberPayable, -paid, $"{memo} ({code})", memberId: id); b.Credit(Accounts.Clearing, -paid, $"{memo} ({code})"); }
        }
        var fees = e.Fund - e.PreviousFund;
        if (fees.IsPositive) { b.Debit(Accounts.Clearing, fees, $"{memo}: transaction fees"); b.Credit(Accounts.CentralFund, fees, $"{memo}: transaction fees"); }
        else if (fees.IsNegative) { b.Debit(Accounts.CentralFund, -fees, $"{memo}: transaction fees"); b.Credit(Accounts.Clearing, -fees, $"{memo}: transaction fees"); }
    }

    /// <summary>The loans a clearing line is made of, by their request ids (the first ten, and how many more).</summary>
    private static string LoansNamed(IReadOnlyList<string>? requests) => requests is not { Count: > 0 } r ? ""
        : $": loan{(r.Count == 1 ? "" : "s")} {string.Join(", ", r.Take(10))}{(r.Count > 10 ? $" and {r.Count - 10} more" : "")}";

    private static Money Pays(Money net) => net.IsNegative ? -net : Money.Zero(net.Currency);
    private static Money Paid(Money net) => net.IsPositive ? net : Money.Zero(net.Currency);

    /// <summary>
    /// A member's open item is named by what it bills, not by a posting: every revision of a subscription term's share adds
    /// to (or credits) the same item, so a join credit reduces the share it corrects.
    /// </summary>
    public static string SubscriptionItem(SubscriptionCostApportioned e) => $"subscription:{e.SubscriptionId:N}:{e.Term}";

    /// <summary>The business date of a fact whose event carries only an instant: its UTC date.</summary>
    public static LocalDate DateOf(Instant instant) => instant.InUtc().Date;

    private sealed class Builder(PostingSource source)
    {
        private readonly List<Posting> _postings = [];
        private Guid _consortiumId;
        private LocalDate _date;
        private Guid? _agreementId;
        private int? _agreementVersion;

        public void Begin(Guid consortiumId, LocalDate date, Guid? agreementId, int? agreementVersion)
        {
            _consortiumId = consortiumId;
            _date = date;
            _agreementId = agreementId;
            _agreementVersion = agreementVersion;
        }

        public void Debit(string account, Money amount, string memo, Guid? memberId = null, string? party = null, string? item = null) =>
            Add(account, amount.Minor, 0, amount.Currency, memo, memberId, party, item);

        public void Credit(string account, Money amount, string memo, Guid? memberId = null, string? party = null, string? itemId = null) =>
            Add(account, 0, amount.Minor, amount.Currency, memo, memberId, party, itemId);

        /// <summary>
        /// The central fund bears a reduction of what a member owes (credit note, upheld dispute, service in kind, write-off):
        /// Dr central fund, Cr the member's receivable against the item (or on account). <paramref name="memberMemoSuffix"/>
        /// is added to the member's line only.
        /// </summary>
        public void FundCreditsMember(Money amount, string memo, Guid memberId, string? itemId, string memberMemoSuffix = "")
        {
            Debit(Accounts.CentralFund, amount, memo);
            Credit(Accounts.MemberReceivable, amount, memo + memberMemoSuffix, memberId: memberId, itemId: itemId);
        }

        private void Add(string account, long debit, long credit, string currency, string memo, Guid? memberId, string? party, string? itemId)
        {
            if (debit == 0 && credit == 0) return;
            // A negative debit is a credit and vice versa: every posting carries a non-negative amount on one side.
            if (debit < 0) (debit, credit) = (0, -debit);
            if (credit < 0) (debit, credit) = (-credit, 0);
            var line = _postings.Count + 1;
            var id = $"{source.EventId:N}/{line}";
            _postings.Add(new Posting
            {
                Id = id, ConsortiumId = _consortiumId, Account = account, MemberId = memberId, Party = party,
                Debit = debit, Credit = credit, Currency = currency,
                EventId = source.EventId, EventType = source.EventType, StreamId = source.StreamId,
                StreamVersion = source.StreamVersion, Line = line,
                AgreementId = _agreementId, AgreementVersion = _agreementVersion,
                BusinessDate = _date, RecordedAt = source.RecordedAt, Memo = memo,
                ItemId = itemId,
            });
        }

        public IReadOnlyList<Posting> Build()
        {
            foreach (var g in _postings.GroupBy(p => p.Currency))
                if (g.Sum(p => p.Debit) != g.Sum(p => p.Credit))
                    throw new InvalidOperationException($"Postings of {source.EventType} {source.EventId} do not balance in {g.Key}.");
            return _postings;
        }
    }
}
