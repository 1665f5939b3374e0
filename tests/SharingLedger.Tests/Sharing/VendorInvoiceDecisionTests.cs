using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;
using static SharingLedger.Tests.Sharing.CostGivens;

namespace SharingLedger.Tests.Sharing;

/// <summary>
/// Paying and voiding a vendor invoice without a database (issue 13, items 1 and 2). The books are kept in CNY; the invoice is
/// EUR 1,000.00 booked at 7.8, so the vendor payable carries CNY 7,800.00. Every figure below is worked out by hand.
/// </summary>
public class VendorInvoiceDecisionTests
{
    private static readonly LocalDate Jan15 = new(2026, 1, 15);
    private static readonly Guid Source = Guid.Parse("c0575000-0000-4000-8000-0000000000f1");

    private static BookedInvoice Booked(string amount = "1000.00", string currency = "EUR", decimal? rate = 7.8m, string baseAmount = "7800.00",
        params VendorPayment[] payments) =>
        new("subscription", Source, 1, ConsortiumId, "Springer", "INV-7", Jan15, Money.Parse(amount, currency), rate, Money.Parse(baseAmount, "CNY"), payments);

    private static PayVendorInvoice Pay(string amount, decimal? rate, string reference = "OUT-1", string currency = "EUR", string invoice = "INV-7") =>
        new(invoice, new MoneyInput(amount, currency), rate, reference, new LocalDate(2026, 3, 1));

    private static VendorPayment Paid(BookedInvoice invoice, PayVendorInvoice command) =>
        Assert.IsType<VendorPayment>(Single(VendorInvoiceDecisions.Pay(invoice, command, "CNY", Guid.NewGuid(), Now)));

    [Fact]
    public void A_foreign_invoice_paid_in_two_parts_relieves_exactly_what_was_booked_and_the_rate_differences_go_to_the_fund()
    {
        // EUR 400.00 at 7.9 leaves the bank as CNY 3,160.00; it settles 400/1000 of the booked 7,800.00 = 3,120.00: a loss of 40.00.
        var first = Paid(Booked(), Pay("400.00", 7.9m));
        Assert.Equal((Money.Parse("3160.00", "CNY"), Money.Parse("3120.00", "CNY"), Money.Parse("40.00", "CNY")),
            (first.BaseAmount, first.Relieved, first.ExchangeDifference));

        // The last EUR 600.00 at 7.7 is CNY 4,620.00 and settles what is left, 7,800.00 − 3,120.00 = 4,680.00: a gain of 60.00.
        var last = Paid(Booked(payments: [first]), Pay("600.00", 7.7m, "OUT-2"));
        Assert.Equal((Money.Parse("4620.00", "CNY"), Money.Parse("4680.00", "CNY"), Money.Parse("-60.00", "CNY")),
            (last.BaseAmount, last.Relieved, last.ExchangeDifference));
        Assert.Equal(Money.Zero("CNY"), Booked(payments: [first, last]).OpenBase);
    }

    [Fact]
    public void Partial_payments_relieve_the_booked_amount_cumulatively_so_thirds_add_up_to_the_cent()
    {
        // EUR 100.00 booked at 7.123 = CNY 712.30. A third (33.33) relieves 712.30 × 33.33/100 = 237.409… → 237.41;
        // two thirds (66.66) relieve 474.819… → 474.82 in all, so the second 237.41; the last 33.34 takes the 237.48 left.
        var invoice = Booked("100.00", rate: 7.123m, baseAmount: "712.30");
        var one = Paid(invoice, Pay("33.33", 7.123m, "P1"));
        var two = Paid(Booked("100.00", rate: 7.123m, baseAmount: "712.30", payments: [one]), Pay("33.33", 7.123m, "P2"));
        var three = Paid(Booked("100.00", rate: 7.123m, baseAmount: "712.30", payments: [one, two]), Pay("33.34", 7.123m, "P3"));
        Assert.Equal(["237.41", "237.41", "237.48"], new[] { one, two, three }.Select(p => p.Relieved.ToDecimalString()));
        // Paid at the booking rate: 33.33 × 7.123 = 237.40959 → 237.41 and 33.34 × 7.123 = 237.48082 → 237.48; no difference.
        Assert.All(new[] { one, two, three }, p => Assert.True(p.ExchangeDifference.IsZero));
    }

    [Fact]
    public void A_base_currency_invoice_is_paid_without_a_rate_and_relieves_what_was_paid()
    {
        var paid = Paid(Booked("500.00", "CNY", null, "500.00"), Pay("200.00", null, currency: "CNY"));
        Assert.Equal(("200.00", "200.00", "0.00"), (paid.BaseAmount.ToDecimalString(), paid.Relieved.ToDecimalString(), paid.ExchangeDifference.ToDecimalString()));
    }

    [Fact]
    public void A_payment_is_refused_beyond_what_is_open_in_another_currency_without_its_rate_or_twice_with_one_reference()
    {
        var first = Paid(Booked(), Pay("400.00", 7.9m));
        Assert.Contains("600.00 EUR", Refused(VendorInvoiceDecisions.Pay(Booked(payments: [first]), Pay("600.01", 7.9m, "OUT-2"), "CNY", Guid.NewGuid(), Now))["amount"]);
        Assert.Equal("The invoice is in EUR; pay it in that currency.",
            Refused(VendorInvoiceDecisions.Pay(Booked(), Pay("100.00", 7.9m, currency: "USD"), "CNY", Guid.NewGuid(), Now))["amount.currency"]);
        Assert.StartsWith("A EUR payment needs the day's rate", Refused(VendorInvoiceDecisions.Pay(Booked(), Pay("100.00", null), "CNY", Guid.NewGuid(), Now))["rateToBase"]);
        Assert.Contains("OUT-1", Conflict(VendorInvoiceDecisions.Pay(Booked(payments: [first]), Pay("1.00", 7.9m), "CNY", Guid.NewGuid(), Now)));
        Assert.Contains("INV-7", Conflict(VendorInvoiceDecisions.Pay(Booked(), Pay("1.00", 7.9m, invoice: "INV-8"), "CNY", Guid.NewGuid(), Now)));
        Assert.Contains("nothing to pay", Conflict(VendorInvoiceDecisions.Pay(null, Pay("1.00", 7.9m), "CNY", Guid.NewGuid(), Now)));
    }

    [Fact]
    public void A_void_names_the_invoice_and_why_and_of_a_paid_invoice_is_dated_no_earlier_than_its_last_payment()
    {
        var command = new VoidVendorInvoice("INV-7", "Keyed EUR 1,000 for EUR 100", new LocalDate(2026, 1, 20));
        Assert.Null(VendorInvoiceDecisions.CheckVoid(Booked(), command));
        var errors = Refused(VendorInvoiceDecisions.CheckVoid(Booked(), new VoidVendorInvoice("INV-7", " ", new LocalDate(2026, 1, 14)))!);
        Assert.Equal(("Required.", "The invoice is dated 2026-01-15; it cannot be voided before."), (errors["reason"], errors["voidedOn"]));
        Assert.Contains("INV-7", Conflict(VendorInvoiceDecisions.CheckVoid(Booked(), command with { InvoiceNumber = "INV-6" })!));
        // Paid on 2026-03-01: what was paid becomes a vendor credit, so the void is allowed, but not dated before that payment.
        var paid = Paid(Booked(), Pay("400.00", 7.9m));
        Assert.Equal("Invoice INV-7 was last paid on 2026-03-01; it cannot be voided before.",
            Refused(VendorInvoiceDecisions.CheckVoid(Booked(payments: [paid]), command)!)["voidedOn"]);
        Assert.Null(VendorInvoiceDecisions.CheckVoid(Booked(payments: [paid]), command with { VoidedOn = new LocalDate(2026, 3, 1) }));
    }
}
