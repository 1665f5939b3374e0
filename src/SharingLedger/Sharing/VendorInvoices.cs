using System.Numerics;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>Pay (part of) a vendor invoice, in the currency it was invoiced in; a foreign one with the rate of the day it is paid.</summary>
public sealed record PayVendorInvoice(string? InvoiceNumber, MoneyInput? Amount, decimal? RateToBase, string? BankReference, LocalDate? PaidOn);

/// <summary>Void a vendor invoice recorded in error (wrong amount, wrong term, sent twice); the right one can then be recorded.</summary>
public sealed record VoidVendorInvoice(string? InvoiceNumber, string? Reason, LocalDate? VoidedOn);

/// <summary>
/// A payment of (part of) a vendor invoice, as the invoice's own stream records it (<c>SubscriptionInvoicePaid</c>,
/// <c>ProcurementInvoicePaid</c>: one event type per stream type, so neither slice's snapshot reads the other's streams).
/// The consortium paid (part of) a vendor invoice. <paramref name="Amount"/> is in the invoice's currency;
/// <paramref name="BaseAmount"/> is what left the bank in the base currency (at <paramref name="RateToBase"/> for a foreign
/// invoice). <paramref name="Relieved"/> is the part of the invoice's base amount, as it was booked, that this payment
/// settles (the invoice's base amount × the share of it paid so far, rounded once; the last payment takes what is left), so
/// the vendor payable reaches exactly zero when the invoice is paid in full. <paramref name="ExchangeDifference"/> =
/// <paramref name="BaseAmount"/> − <paramref name="Relieved"/>: positive is a loss on the rate, borne by the central fund.
/// </summary>
/// <param name="SourceKind">"subscription" or "procurement": whose stream the invoice (and so this payment) is on.</param>
/// <param name="FromCreditOf">Set when no money left the bank: the payment applies the vendor's credit for the paid invoice of this number,
/// since voided (<see cref="VendorCredit"/>); <paramref name="BaseAmount"/> is then the part of the credit's booked amount it uses.</param>
/// <param name="WholePayment">Set when one payment covered several invoices of the vendor (since the money-edges change): the whole amount
/// that left the bank in the invoices' currency; each invoice's part is its own event, all with the same <paramref name="PaymentId"/> and
/// bank reference, and their <paramref name="BaseAmount"/>s add up to what left the bank.</param>
public sealed record VendorPayment(
    Guid PaymentId,
    Guid ConsortiumId,
    string SourceKind,
    Guid SourceId,
    int? Term,
    string Vendor,
    string InvoiceNumber,
    Money Amount,
    decimal? RateToBase,
    Money BaseAmount,
    Money Relieved,
    Money ExchangeDifference,
    string BankReference,
    LocalDate PaidOn,
    Instant RecordedAt,
    string? FromCreditOf = null,
    Money? WholePayment = null);

/// <summary>A member's share of a cost as a correction or a decision names it: taken back by a void, or set by finance.</summary>
public sealed record MemberShare(Guid MemberId, string MemberCode, Money Amount);

/// <summary>Why the agreement's term could not split a cost as written (the Kernel's rule, by the field it concerns).</summary>
public sealed record SplitConflict(string Field, string Message);

/// <summary>A vendor invoice as booked: what a payment or a void is decided against.</summary>
public sealed record BookedInvoice(string Kind, Guid SourceId, int? Term, Guid ConsortiumId, string Vendor, string Number, LocalDate Date,
    Money Amount, decimal? RateToBase, Money BaseAmount, IReadOnlyList<VendorPayment> Payments)
{
    public Money PaidAmount => Money.Sum(Payments.Select(p => p.Amount), Amount.Currency);
    public Money Relieved => Money.Sum(Payments.Select(p => p.Relieved), BaseAmount.Currency);
    /// <summary>What is still owed, in the invoice's currency.</summary>
    public Money Open => Amount - PaidAmount;
    /// <summary>What the vendor payable still carries for it, in the base currency.</summary>
    public Money OpenBase => BaseAmount - Relieved;
}

/// <summary>
/// The decisions every vendor invoice shares, whichever slice's stream it is on (a subscription term's or a joint
/// procurement's): paying it, and voiding it. Pure: given the invoice as booked and the command, the event or the refusal.
/// </summary>
public static class VendorInvoiceDecisions
{
    public static Infrastructure.Decision Pay(BookedInvoice? invoice, PayVendorInvoice command, string baseCurrency, Guid paymentId, Instant now)
    {
        if (invoice is null) return new Infrastructure.Decision.Conflict("No invoice is recorded here; there is nothing to pay.");
        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).NotBlank(command.BankReference, "bankReference", 100)
            .Date(command.PaidOn, "paidOn");
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (command.PaidOn is { } on)
            v.Require(on >= invoice.Date, "paidOn", $"The invoice is dated {invoice.Date:uuuu-MM-dd}; it cannot be paid before.");
        if (amount is { } a && a.Currency != invoice.Amount.Currency)
            v.Add("amount.currency", $"The invoice is in {invoice.Amount.Currency}; pay it in that currency.");
        var foreign = invoice.Amount.Currency != baseCurrency;
        if (foreign) v.Require(command.RateToBase is > 0, "rateToBase", $"A {invoice.Amount.Currency} payment needs the day's rate to {baseCurrency} ({baseCurrency} per {invoice.Amount.Currency}).");
        else v.Require(command.RateToBase is null, "rateToBase", "Only a foreign-currency invoice is paid at a rate.");
        if (!v.IsValid) return new Infrastructure.Decision.Invalid(v.Errors);
        if (command.InvoiceNumber!.Trim() != invoice.Number)
            return new Infrastructure.Decision.Conflict($"The invoice recorded here is {invoice.Number}, not {command.InvoiceNumber.Trim()}.");
        if (invoice.Payments.Any(p => p.BankReference == command.BankReference!.Trim()))
            return new Infrastructure.Decision.Conflict($"A payment with bank reference {command.BankReference!.Trim()} is already recorded against this invoice.");
        if (amount!.Value > invoice.Open)
            return new Infrastructure.Decision.Invalid([new FieldError("amount", $"{invoice.Open} of invoice {invoice.Number} is open; a payment cannot exceed it.")]);

        var paid = foreign ? CurrencyConversion.ToBase(amount.Value, command.RateToBase!.Value, baseCurrency).Amount : amount.Value;
        var relieved = ReliefOf(invoice, amount.Value);
        return Infrastructure.Decision.Accept(new VendorPayment(paymentId, invoice.ConsortiumId, invoice.Kind, invoice.SourceId, invoice.Term,
            invoice.Vendor, invoice.Number, amount.Value, foreign ? command.RateToBase : null, paid, relieved, paid - relieved,
            command.BankReference!.Trim(), command.PaidOn!.Value, now));
    }

    /// <summary>
    /// The part of the booked base amount a payment settles: the base amount × (paid so far + this payment) / the invoice amount,
    /// rounded half away from zero, less what earlier payments relieved. Cumulative, so rounding never drifts, and the payment
    /// that pays the invoice off relieves exactly what is left.
    /// </summary>
    public static Money ReliefOf(BookedInvoice invoice, Money payment) =>
        Portion(invoice.Amount, invoice.BaseAmount, invoice.PaidAmount, invoice.Relieved, payment);

    /// <summary>
    /// The part of <paramref name="baseAmount"/> (what <paramref name="amount"/> was booked at) that <paramref name="part"/> takes, after
    /// <paramref name="usedBefore"/> took <paramref name="usedBaseBefore"/>: cumulative, rounded half away from zero once, the last part
    /// taking exactly what is left.
    /// </summary>
    public static Money Portion(Money amount, Money baseAmount, Money usedBefore, Money usedBaseBefore, Money part)
    {
        var usedAfter = usedBefore + part;
        if (usedAfter == amount) return baseAmount - usedBaseBefore;
        var exact = new Kernel.Arithmetic.Fraction(new BigInteger(baseAmount.Minor) * usedAfter.Minor, amount.Minor);
        var cumulative = (long)CurrencyConversion.RoundHalfAwayFromZero(exact);
        return new Money(cumulative, baseAmount.Currency) - usedBaseBefore;
    }

    /// <summary>
    /// What a void needs: the invoice it names, a reason, a date not before the invoice's or its payments'. What was paid against it
    /// stays with the vendor as a credit (<see cref="VendorCredit"/>), refunded or applied to the invoice recorded in its place.
    /// </summary>
    public static Infrastructure.Decision? CheckVoid(BookedInvoice? invoice, VoidVendorInvoice command)
    {
        if (invoice is null) return new Infrastructure.Decision.Conflict("No invoice is recorded here; there is nothing to void.");
        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).NotBlank(command.Reason, "reason", 500).Date(command.VoidedOn, "voidedOn");
        if (command.VoidedOn is { } on)
            v.Require(on >= invoice.Date, "voidedOn", $"The invoice is dated {invoice.Date:uuuu-MM-dd}; it cannot be voided before.");
        if (!v.IsValid) return new Infrastructure.Decision.Invalid(v.Errors);
        if (command.InvoiceNumber!.Trim() != invoice.Number)
            return new Infrastructure.Decision.Conflict($"The invoice recorded here is {invoice.Number}, not {command.InvoiceNumber.Trim()}.");
        if (invoice.Payments.Count > 0 && command.VoidedOn < invoice.Payments.Max(p => p.PaidOn))
            return new Infrastructure.Decision.Invalid([new FieldError("voidedOn", $"Invoice {invoice.Number} was last paid on {invoice.Payments.Max(p => p.PaidOn):uuuu-MM-dd}; it cannot be voided before.")]);
        return null;
    }
}
