using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>The consortium paid (part of) a joint procurement's vendor invoice: <paramref name="Payment"/> (see <see cref="VendorPayment"/>).</summary>
public sealed record ProcurementInvoicePaid(Guid ProcurementId, VendorPayment Payment);

/// <summary>
/// A joint procurement's vendor invoice was voided (recorded in error): the invoice leaves the vendor payable and the
/// members' shares as they then stood (<paramref name="ReversedShares"/>, after any restatement) are taken back, as new
/// postings naming this correction; the events it corrects stay. The procurement can then be invoiced again.
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
    Instant RecordedAt);
