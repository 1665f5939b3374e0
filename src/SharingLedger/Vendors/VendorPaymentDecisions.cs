using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Vendors;

/// <summary>One invoice a payment covers, by its number, and the part of the payment that goes to it (in the invoices' currency).</summary>
public sealed record InvoiceAllocationInput(string? InvoiceNumber, MoneyInput? Amount);

/// <summary>
/// One payment to a vendor covering several of its invoices (one bank transfer): the whole amount in the invoices' currency, a
/// foreign one with the day's rate, and each invoice's part; the parts add up to the amount.
/// </summary>
public sealed record PayVendorInvoices(string? Vendor, MoneyInput? Amount, decimal? RateToBase, string? BankReference, LocalDate? PaidOn,
    IReadOnlyList<InvoiceAllocationInput>? Allocations);

/// <summary>What one payment covering several invoices recorded: the whole payment and each invoice's part (<see cref="VendorPayment"/>).</summary>
public sealed record VendorPaymentAllocated(Guid PaymentId, string Vendor, Money Amount, decimal? RateToBase, Money BaseAmount, Money Relieved,
    Money ExchangeDifference, string BankReference, LocalDate PaidOn, IReadOnlyList<VendorPayment> Allocations);

/// <summary>
/// Paying several of a vendor's invoices with one payment, free of HTTP and storage: given the command and the vendor's invoices
/// that stand under the numbers it names, one <see cref="VendorPayment"/> per invoice, or why nothing is recorded. Each part is
/// decided as a payment of that invoice alone would be (<see cref="VendorInvoiceDecisions"/>: the booked amount it relieves, the
/// exchange difference); what left the bank is converted once and shared out over the parts by the same cumulative rounding, so
/// the parts' base amounts add up to it exactly.
/// </summary>
public static class VendorPaymentDecisions
{
    public static Decision PayMany(PayVendorInvoices command, IReadOnlyList<BookedInvoice> standing, string baseCurrency, Guid paymentId, Instant now)
    {
        var v = new Validation().NotBlank(command.Vendor, "vendor").NotBlank(command.BankReference, "bankReference", 100).Date(command.PaidOn, "paidOn");
        var amount = v.Money(command.Amount, "amount", positive: true);
        var foreign = amount is { } m && m.Currency != baseCurrency;
        if (foreign) v.Require(command.RateToBase is > 0, "rateToBase", $"A {amount!.Value.Currency} payment needs the day's rate to {baseCurrency} ({baseCurrency} per {amount.Value.Currency}).");
        else v.Require(command.RateToBase is null, "rateToBase", "Only a payment in a foreign currency has a rate.");
        var parts = new List<(int Index, string Number, Money Amount)>();
        if (command.Allocations is not { Count: > 0 } allocations)
            v.Add("allocations", "Required: each invoice the payment covers, with the part of the payment that goes to it.");
        else
            for (var i = 0; i < allocations.Count; i++)
            {
                var field = $"allocations[{i}]";
                v.NotBlank(allocations[i]?.InvoiceNumber, $"{field}.invoiceNumber", 64);
                var part = v.Money(allocations[i]?.Amount, $"{field}.amount", positive: true);
                if (part is { } p && amount is { } total && p.Currency != total.Currency)
                    v.Add($"{field}.amount.currency", $"The payment is in {total.Currency}; each part is in that currency.");
                else if (part is { } ok && !string.IsNullOrWhiteSpace(allocations[i]?.InvoiceNumber)) parts.Add((i, allocations[i]!.InvoiceNumber!.Trim(), ok));
            }
        if (parts.Select(p => p.Number).Distinct(StringComparer.Ordinal).Count() < parts.Count)
            v.Add("allocations", "Each invoice is named once.");
        if (v.IsValid && Money.Sum(parts.Select(p => p.Amount), amount!.Value.Currency) is var sum && sum != amount.Value)
            v.Add("allocations", $"The parts add up to {sum}; the payment is {amount}.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var vendor = command.Vendor!.Trim();
        var invoices = new List<BookedInvoice>();
        foreach (var (_, number, _) in parts)
        {
            var found = standing.Where(b => b.Vendor == vendor && b.Number == number).ToList();
            if (found.Count == 0) return new Decision.NotFound($"invoice of vendor {vendor} numbered", number);
            invoices.Add(found[0]);
            if (found.Count > 1)
                v.Add($"allocations[{parts[invoices.Count - 1].Index}].invoiceNumber",
                    $"{vendor} has {found.Count} invoices numbered {number} that stand; pay each on its own route.");
        }
        var bankReference = command.BankReference!.Trim();
        var paidOn = command.PaidOn!.Value;
        for (var i = 0; i < parts.Count; i++)
        {
            var (index, number, part) = parts[i];
            var invoice = invoices[i];
            var field = $"allocations[{index}]";
            if (invoice.Amount.Currency != amount!.Value.Currency)
                v.Add($"{field}.invoiceNumber", $"Invoice {number} is in {invoice.Amount.Currency}; one payment covers invoices of one currency.");
            else if (part > invoice.Open)
                v.Add($"{field}.amount", $"{invoice.Open} of invoice {number} is open; its part cannot exceed it.");
            if (paidOn < invoice.Date)
                v.Add("paidOn", $"Invoice {number} is dated {invoice.Date:uuuu-MM-dd}; it cannot be paid before.");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        if (invoices.FirstOrDefault(b => b.Payments.Any(p => p.BankReference == bankReference)) is { } paid)
            return new Decision.Conflict($"A payment with bank reference {bankReference} is already recorded against invoice {paid.Number}.");

        var whole = amount!.Value;
        var fromBank = foreign ? CurrencyConversion.ToBase(whole, command.RateToBase!.Value, baseCurrency).Amount : whole;
        var used = Money.Zero(whole.Currency);
        var usedBase = Money.Zero(baseCurrency);
        var payments = new List<object>();
        for (var i = 0; i < parts.Count; i++)
        {
            var (_, _, part) = parts[i];
            var invoice = invoices[i];
            var baseAmount = VendorInvoiceDecisions.Portion(whole, fromBank, used, usedBase, part);
            var relieved = VendorInvoiceDecisions.ReliefOf(invoice, part);
            payments.Add(new VendorPayment(paymentId, invoice.ConsortiumId, invoice.Kind, invoice.SourceId, invoice.Term, invoice.Vendor, invoice.Number,
                part, foreign ? command.RateToBase : null, baseAmount, relieved, baseAmount - relieved, bankReference, paidOn, now, WholePayment: whole));
            used += part;
            usedBase += baseAmount;
        }
        return new Decision.Accepted(payments);
    }
}
