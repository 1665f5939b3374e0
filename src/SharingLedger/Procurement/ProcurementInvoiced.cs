using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Procurement;

/// <summary>
/// The vendor invoiced a joint purchase. <paramref name="Amount"/> is the invoice as sent; when it is not in
/// the base currency it was converted once at <paramref name="RateToBase"/> (base units per invoice unit):
/// <paramref name="ExactBaseAmount"/> is amount × rate exactly, and <paramref name="BaseAmount"/> is that
/// rounded half away from zero to the base currency's minor unit. Without a rate the two amounts are equal.
/// </summary>
public sealed record ProcurementInvoiced(
    Guid ProcurementId,
    Guid ConsortiumId,
    string InvoiceNumber,
    LocalDate InvoiceDate,
    Money Amount,
    decimal? RateToBase,
    string ExactBaseAmount,
    Money BaseAmount,
    Instant RecordedAt);
