using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>Take back, as money from the vendor, (part of) what was paid on an invoice since voided; a foreign one at the day's rate.</summary>
public sealed record RefundVendorCredit(string? VoidedInvoiceNumber, MoneyInput? Amount, decimal? RateToBase, string? BankReference, LocalDate? RefundedOn);

/// <summary>Apply (part of) what was paid on an invoice since voided to the invoice recorded in its place; the amount defaults to as much as both allow.</summary>
public sealed record ApplyVendorCredit(string? VoidedInvoiceNumber, string? InvoiceNumber, MoneyInput? Amount, LocalDate? AppliedOn);

/// <summary>
/// The vendor refunded (part of) its credit for a voided invoice's payments. <paramref name="Amount"/> is in the voided invoice's currency;
/// <paramref name="BaseAmount"/> is what came into the bank (at <paramref name="RateToBase"/> for a foreign one); <paramref name="Settled"/>
/// the part of the credit, as booked, that it settles (<see cref="VendorInvoiceDecisions.Portion"/>). <paramref name="ExchangeDifference"/> =
/// <paramref name="BaseAmount"/> − <paramref name="Settled"/>: positive is a gain on the rate, the central fund's.
/// </summary>
public sealed record VendorCreditRefund(
    Guid RefundId,
    Guid ConsortiumId,
    string SourceKind,
    Guid SourceId,
    int? Term,
    string Vendor,
    string VoidedInvoiceNumber,
    Money Amount,
    decimal? RateToBase,
    Money BaseAmount,
    Money Settled,
    Money ExchangeDifference,
    string BankReference,
    LocalDate RefundedOn,
    Instant RecordedAt);

/// <summary>One paid invoice as voided: what had been paid (in its currency) and what those payments had settled of its booked amount.</summary>
public sealed record VoidedPayments(string InvoiceNumber, LocalDate VoidedOn, Money Paid, Money PaidBase);

/// <summary>
/// What the vendor owes back after a paid invoice was voided: <see cref="Amount"/> (what had been paid, in the invoice's currency),
/// booked at <see cref="BaseAmount"/> (what those payments had settled of the vendor payable), less what was applied to the invoice
/// recorded in its place (<see cref="VendorPayment.FromCreditOf"/>) or refunded (<see cref="VendorCreditRefund"/>). The vendor payable
/// carries it as a debit until it is used: the account reaches zero when it is.
/// </summary>
public sealed record VendorCredit(string Kind, Guid SourceId, int? Term, Guid ConsortiumId, string Vendor, string VoidedInvoiceNumber, LocalDate VoidedOn,
    Money Amount, Money BaseAmount, Money Used, Money UsedBase)
{
    public Money Open => Amount - Used;
    public Money OpenBase => BaseAmount - UsedBase;

    /// <summary>The credits of one stream (a subscription term, a procurement): one per voided invoice number with payments.</summary>
    public static IReadOnlyList<VendorCredit> Of(string kind, Guid sourceId, int? term, Guid consortiumId, string vendor,
        IEnumerable<VoidedPayments> voids, IEnumerable<VendorPayment> payments, IEnumerable<VendorCreditRefund> refunds)
    {
        var applied = payments.Where(p => p.FromCreditOf is not null).ToList();
        var refunded = refunds.ToList();
        return voids.GroupBy(v => v.InvoiceNumber, StringComparer.Ordinal).Select(g =>
        {
            var currency = g.First().Paid.Currency;
            var baseCurrency = g.First().PaidBase.Currency;
            var uses = applied.Where(p => p.FromCreditOf == g.Key).Select(p => (p.Amount, Base: p.BaseAmount))
                .Concat(refunded.Where(r => r.VoidedInvoiceNumber == g.Key).Select(r => (r.Amount, Base: r.Settled))).ToList();
            return new VendorCredit(kind, sourceId, term, consortiumId, vendor, g.Key, g.Max(v => v.VoidedOn),
                Money.Sum(g.Select(v => v.Paid), currency), Money.Sum(g.Select(v => v.PaidBase), baseCurrency),
                Money.Sum(uses.Select(u => u.Amount), currency), Money.Sum(uses.Select(u => u.Base), baseCurrency));
        }).ToList();
    }

    /// <summary>The part of the credit's booked amount that using <paramref name="part"/> of it takes.</summary>
    public Money BookedPartOf(Money part) => VendorInvoiceDecisions.Portion(Amount, BaseAmount, Used, UsedBase, part);
}

/// <summary>Refunding and applying a vendor credit, whichever slice's stream it is on. Pure: the credit (and invoice) as booked and the command give the event or the refusal.</summary>
public static class VendorCreditDecisions
{
    public static Decision Refund(IReadOnlyList<VendorCredit> credits, RefundVendorCredit command, string baseCurrency, Guid refundId, Instant now)
    {
        var v = new Validation().NotBlank(command.VoidedInvoiceNumber, "voidedInvoiceNumber", 64).NotBlank(command.BankReference, "bankReference", 100)
            .Date(command.RefundedOn, "refundedOn");
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        if (Find(credits, command.VoidedInvoiceNumber!) is not { } credit) return NoCredit(command.VoidedInvoiceNumber!);
        v.Require(command.RefundedOn >= credit.VoidedOn, "refundedOn", $"Invoice {credit.VoidedInvoiceNumber} was voided on {credit.VoidedOn:uuuu-MM-dd}; its credit cannot be refunded before.");
        if (amount!.Value.Currency != credit.Amount.Currency) v.Add("amount.currency", $"The credit is in {credit.Amount.Currency}; it is refunded in that currency.");
        var foreign = credit.Amount.Currency != baseCurrency;
        if (foreign) v.Require(command.RateToBase is > 0, "rateToBase", $"A {credit.Amount.Currency} refund needs the day's rate to {baseCurrency}.");
        else v.Require(command.RateToBase is null, "rateToBase", "Only a foreign-currency refund has a rate.");
        if (v.IsValid && amount.Value > credit.Open) v.Add("amount", $"{credit.Open} of the credit for voided invoice {credit.VoidedInvoiceNumber} is open; a refund cannot exceed it.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var received = foreign ? CurrencyConversion.ToBase(amount.Value, command.RateToBase!.Value, baseCurrency).Amount : amount.Value;
        var settled = credit.BookedPartOf(amount.Value);
        return Decision.Accept(new VendorCreditRefund(refundId, credit.ConsortiumId, credit.Kind, credit.SourceId, credit.Term, credit.Vendor,
            credit.VoidedInvoiceNumber, amount.Value, foreign ? command.RateToBase : null, received, settled, received - settled,
            command.BankReference!.Trim(), command.RefundedOn!.Value, now));
    }

    /// <summary>A payment of <paramref name="invoice"/> that moves no money: it uses the credit of the voided invoice instead of the bank.</summary>
    public static Decision Apply(IReadOnlyList<VendorCredit> credits, BookedInvoice? invoice, ApplyVendorCredit command, Guid paymentId, Instant now)
    {
        var v = new Validation().NotBlank(command.VoidedInvoiceNumber, "voidedInvoiceNumber", 64).NotBlank(command.InvoiceNumber, "invoiceNumber", 64)
            .Date(command.AppliedOn, "appliedOn");
        var amount = command.Amount is null ? null : v.Money(command.Amount, "amount", positive: true);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        if (Find(credits, command.VoidedInvoiceNumber!) is not { } credit) return NoCredit(command.VoidedInvoiceNumber!);
        if (invoice is null) return new Decision.Conflict("No invoice stands here to apply the credit to; record the right invoice first, or have the vendor refund the credit.");
        if (command.InvoiceNumber!.Trim() != invoice.Number) return new Decision.Conflict($"The invoice recorded here is {invoice.Number}, not {command.InvoiceNumber.Trim()}.");
        if (credit.Amount.Currency != invoice.Amount.Currency)
            return new Decision.Invalid([new FieldError("voidedInvoiceNumber", $"The credit is in {credit.Amount.Currency}, the invoice in {invoice.Amount.Currency}; have the vendor refund the credit instead.")]);
        var part = amount ?? (credit.Open < invoice.Open ? credit.Open : invoice.Open);
        v.Require(command.AppliedOn >= invoice.Date && command.AppliedOn >= credit.VoidedOn, "appliedOn",
            $"The credit dates from {credit.VoidedOn:uuuu-MM-dd} and the invoice from {invoice.Date:uuuu-MM-dd}; it cannot be applied before both.");
        if (part.Currency != credit.Amount.Currency) v.Add("amount.currency", $"The credit is in {credit.Amount.Currency}.");
        else if (!part.IsPositive) v.Add("amount", $"Nothing to apply: the credit has {credit.Open} open and the invoice {invoice.Open}.");
        else if (part > credit.Open) v.Add("amount", $"{credit.Open} of the credit is open.");
        else if (part > invoice.Open) v.Add("amount", $"{invoice.Open} of invoice {invoice.Number} is open.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var used = credit.BookedPartOf(part);
        var relieved = VendorInvoiceDecisions.ReliefOf(invoice, part);
        return Decision.Accept(new VendorPayment(paymentId, invoice.ConsortiumId, invoice.Kind, invoice.SourceId, invoice.Term, invoice.Vendor, invoice.Number,
            part, null, used, relieved, used - relieved, $"credit of voided invoice {credit.VoidedInvoiceNumber}", command.AppliedOn!.Value, now,
            credit.VoidedInvoiceNumber));
    }

    private static VendorCredit? Find(IReadOnlyList<VendorCredit> credits, string number) =>
        credits.FirstOrDefault(c => c.VoidedInvoiceNumber == number.Trim());

    private static Decision NoCredit(string number) =>
        new Decision.Conflict($"No paid invoice numbered {number.Trim()} was voided here; there is no credit to use.");
}
