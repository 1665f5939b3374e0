using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>Paying and voiding a term's vendor invoice: the shared rules of <see cref="VendorInvoiceDecisions"/> on a subscription term.</summary>
public static class SubscriptionInvoiceDecisions
{
    public static Decision Pay(Subscription subscription, int termNumber, PayVendorInvoice command, string baseCurrency, Guid paymentId, Instant now) =>
        subscription.TermNumber(termNumber) is not { } term
            ? new Decision.NotFound($"term {termNumber} of subscription", subscription.Id)
            : VendorInvoiceDecisions.Pay(term.Booked(subscription.Id, subscription.ConsortiumId, subscription.Vendor), command, baseCurrency, paymentId, now) switch
            {
                Decision.Accepted a => Decision.Accept(new SubscriptionInvoicePaid(subscription.Id, term.Number, (VendorPayment)a.Events[0])),
                var refused => refused,
            };

    /// <summary>The invoice leaves the books and every member's share of it is taken back; the term can be invoiced again.</summary>
    public static Decision Void(Subscription subscription, int termNumber, VoidVendorInvoice command, Instant now)
    {
        if (subscription.TermNumber(termNumber) is not { } term) return new Decision.NotFound($"term {termNumber} of subscription", subscription.Id);
        var invoice = term.Booked(subscription.Id, subscription.ConsortiumId, subscription.Vendor);
        if (VendorInvoiceDecisions.CheckVoid(invoice, command) is { } refused) return refused;
        var lines = term.Latest?.Cost.Lines ?? []; // none while the split waits for a decision
        return Decision.Accept(new SubscriptionInvoiceVoided(subscription.Id, subscription.ConsortiumId, term.Number, subscription.Vendor,
            invoice!.Number, invoice.Date, invoice.Amount, invoice.BaseAmount, term.NextRevision - 1,
            lines.Where(l => !l.Amount.IsZero).Select(l => new MemberShare(l.MemberId, l.MemberCode, l.Amount)).ToList(),
            command.Reason!.Trim(), command.VoidedOn!.Value, now,
            invoice.Payments.Count > 0 ? invoice.PaidAmount : null, invoice.Payments.Count > 0 ? invoice.Relieved : null));
    }

    /// <summary>The vendor refunds (part of) its credit for one of the term's voided, paid invoices.</summary>
    public static Decision RefundCredit(Subscription subscription, int termNumber, RefundVendorCredit command, string baseCurrency, Guid refundId, Instant now) =>
        subscription.TermNumber(termNumber) is not { } term
            ? new Decision.NotFound($"term {termNumber} of subscription", subscription.Id)
            : VendorCreditDecisions.Refund(term.Credits(subscription.Id, subscription.ConsortiumId, subscription.Vendor), command, baseCurrency, refundId, now) switch
            {
                Decision.Accepted a => Decision.Accept(new SubscriptionVendorCreditRefunded(subscription.Id, term.Number, (VendorCreditRefund)a.Events[0])),
                var refused => refused,
            };

    /// <summary>(Part of) the credit for a voided, paid invoice pays the term's invoice recorded in its place.</summary>
    public static Decision ApplyCredit(Subscription subscription, int termNumber, ApplyVendorCredit command, Guid paymentId, Instant now) =>
        subscription.TermNumber(termNumber) is not { } term
            ? new Decision.NotFound($"term {termNumber} of subscription", subscription.Id)
            : VendorCreditDecisions.Apply(term.Credits(subscription.Id, subscription.ConsortiumId, subscription.Vendor),
                term.Booked(subscription.Id, subscription.ConsortiumId, subscription.Vendor), command, paymentId, now) switch
            {
                Decision.Accepted a => Decision.Accept(new SubscriptionInvoicePaid(subscription.Id, term.Number, (VendorPayment)a.Events[0])),
                var refused => refused,
            };
}
