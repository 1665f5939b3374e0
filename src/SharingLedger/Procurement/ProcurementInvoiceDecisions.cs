using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>Paying and voiding a joint procurement's vendor invoice: the shared rules of <see cref="VendorInvoiceDecisions"/> on a procurement.</summary>
public static class ProcurementInvoiceDecisions
{
    public static Decision Pay(JointProcurement p, PayVendorInvoice command, string baseCurrency, Guid paymentId, Instant now) =>
        VendorInvoiceDecisions.Pay(p.Booked(), command, baseCurrency, paymentId, now) switch
        {
            Decision.Accepted a => Decision.Accept(new ProcurementInvoicePaid(p.Id, (VendorPayment)a.Events[0])),
            var refused => refused,
        };

    /// <summary>The invoice leaves the books and every committed member's share, as it now stands, is taken back; the procurement can be invoiced again.</summary>
    public static Decision Void(JointProcurement p, VoidVendorInvoice command, Instant now)
    {
        var invoice = p.Booked();
        if (VendorInvoiceDecisions.CheckVoid(invoice, command) is { } refused) return refused;
        return Decision.Accept(new ProcurementInvoiceVoided(p.Id, p.ConsortiumId, invoice!.Vendor, invoice.Number, invoice.Date, invoice.Amount,
            invoice.BaseAmount,
            (p.Apportionment?.Lines ?? []).Where(l => !l.Amount.IsZero).Select(l => new MemberShare(l.MemberId, l.MemberCode, l.Amount)).ToList(),
            command.Reason!.Trim(), command.VoidedOn!.Value, now,
            invoice.Payments.Count > 0 ? invoice.PaidAmount : null, invoice.Payments.Count > 0 ? invoice.Relieved : null));
    }

    /// <summary>The vendor refunds (part of) its credit for one of the procurement's voided, paid invoices.</summary>
    public static Decision RefundCredit(JointProcurement p, RefundVendorCredit command, string baseCurrency, Guid refundId, Instant now) =>
        VendorCreditDecisions.Refund(p.Credits(), command, baseCurrency, refundId, now) switch
        {
            Decision.Accepted a => Decision.Accept(new ProcurementVendorCreditRefunded(p.Id, (VendorCreditRefund)a.Events[0])),
            var refused => refused,
        };

    /// <summary>(Part of) the credit for a voided, paid invoice pays the invoice recorded in its place.</summary>
    public static Decision ApplyCredit(JointProcurement p, ApplyVendorCredit command, Guid paymentId, Instant now) =>
        VendorCreditDecisions.Apply(p.Credits(), p.Booked(), command, paymentId, now) switch
        {
            Decision.Accepted a => Decision.Accept(new ProcurementInvoicePaid(p.Id, (VendorPayment)a.Events[0])),
            var refused => refused,
        };
}
