using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>The consortium paid (part of) a joint procurement's vendor invoice: <paramref name="Payment"/> (see <see cref="VendorPayment"/>).</summary>
public sealed record ProcurementInvoicePaid(Guid ProcurementId, VendorPayment Payment);

/// <summary>
/// A joint procurement's vendor invoice was voided (recorded in error): the invoice leaves the vendor payable and the
/// members' shares as they then stood (<paramref name="ReversedShares"/>, after any restatement) are taken back, as new
/// postings naming this correction; the events it corrects stay. The procurement can then be invoiced again. <paramref name="Paid"/> and
/// <paramref name="PaidBase"/> (absent when nothing was paid) are what had been paid against it and what those payments had settled of the
/// vendor payable: that stays with the vendor as a credit (<see cref="VendorCredit"/>), refunded
/// (<see cref="ProcurementVendorCreditRefunded"/>) or applied to the right invoice.
/// </summary>
public sealed record ProcurementInvoiceVoided(
    Guid ProcurementId,
    Guid ConsortiumId,
    string Vendor,
    string InvoiceNumber,
    LocalDate InvoiceDate,
    Money Amount,
    Money BaseAmount,
    IReadOnlyList<MemberShare> ReversedShares,
    string Reason,
    LocalDate VoidedOn,
    Instant RecordedAt,
    Money? Paid = null,
    Money? PaidBase = null);

/// <summary>The vendor refunded (part of) its credit for a procurement's voided, paid invoice: <paramref name="Refund"/> (see <see cref="VendorCreditRefund"/>).</summary>
public sealed record ProcurementVendorCreditRefunded(Guid ProcurementId, VendorCreditRefund Refund);
