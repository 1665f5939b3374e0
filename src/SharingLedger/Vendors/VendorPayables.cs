using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Procurement;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using Wolverine.Http;

namespace SharingLedger.Vendors;

/// <summary>One vendor invoice that stands (not voided): what it was booked at, what was paid, and what is still owed.</summary>
/// <param name="Route">Where to pay or void it (POST <c>{route}/payments</c>, <c>{route}/voiding</c>).</param>
public sealed record VendorInvoiceLine(string Kind, Guid SourceId, int? Term, string Description, string InvoiceNumber, NodaTime.LocalDate InvoiceDate,
    Money Amount, decimal? RateToBase, Money BaseAmount, Money Paid, Money PaidFromBank, Money Relieved, Money ExchangeDifference, Money Open, Money OpenBase,
    string Route);

/// <summary>
/// What the vendor owes back for a voided invoice that had been paid: what was paid, booked at <c>baseAmount</c>, less what was applied to
/// the invoice recorded in its place or refunded (<c>used</c>, <c>usedBase</c>); <c>open</c> and <c>openBase</c> are left.
/// </summary>
/// <param name="Route">Where to use it (POST <c>{route}/refunds</c>, <c>{route}/applications</c>).</param>
public sealed record VendorCreditLine(string Kind, Guid SourceId, int? Term, string Description, string VoidedInvoiceNumber, NodaTime.LocalDate VoidedOn,
    Money Amount, Money BaseAmount, Money Used, Money UsedBase, Money Open, Money OpenBase, string Route);

/// <summary>
/// What the consortium owes one vendor: its invoices and the vendor payable (booked base amounts less what payments settled, less the
/// vendor's open credits for voided invoices it had been paid for). <c>owed</c> is the vendor payable's balance: negative when the
/// vendor owes the consortium.
/// </summary>
public sealed record VendorPayable(string Vendor, Money Invoiced, Money Relieved, Money Owed, Money ExchangeDifferences, IReadOnlyList<VendorInvoiceLine> Invoices,
    Money? CreditsOpen = null, IReadOnlyList<VendorCreditLine>? Credits = null);

public sealed record VendorPayablesReport(Guid ConsortiumId, string BaseCurrency, Money Owed, IReadOnlyList<VendorPayable> Vendors);

public static class GetVendorPayablesEndpoint
{
    /// <summary>What the consortium owes each vendor: every invoice that stands, what was paid against it (with the exchange difference of a foreign one) and what is still open.</summary>
    [ProducesResponseType(typeof(VendorPayablesReport), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/vendor-payables")]
    public static async Task<IResult> Get(Guid consortiumId, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var subscriptions = await SubscriptionsWithoutMembers.InAsync(session, consortiumId, ct);
        var procurements = await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortiumId).ToListAsync(ct);
        var root = $"/consortia/{consortiumId}";
        var lines = subscriptions.SelectMany(s => s.Terms.Select(t => (
                Booked: t.Booked(s.Id, s.ConsortiumId, s.Vendor), Description: $"{s.Resource} term {t.Number}",
                Route: $"{root}/subscriptions/{s.Id}/terms/{t.Number}/invoice")))
            .Concat(procurements.Select(p => (Booked: p.Booked(), Description: p.Proposal.Title, Route: $"{root}/procurements/{p.Id}/invoice")))
            .Where(x => x.Booked is not null)
            .Select(x => Line(x.Booked!, x.Description, x.Route));
        var credits = subscriptions.SelectMany(s => s.Terms.SelectMany(t => t.Credits(s.Id, s.ConsortiumId, s.Vendor).Select(c =>
                Credit(c, $"{s.Resource} term {t.Number}", $"{root}/subscriptions/{s.Id}/terms/{t.Number}/vendor-credit"))))
            .Concat(procurements.SelectMany(p => p.Credits().Select(c => Credit(c, p.Proposal.Title, $"{root}/procurements/{p.Id}/vendor-credit"))));
        return Results.Ok(Report(consortium, lines, credits));
    }

    public static VendorPayablesReport Report(Consortium consortium, IEnumerable<(string Vendor, VendorInvoiceLine Line)> lines,
        IEnumerable<(string Vendor, VendorCreditLine Line)>? credits = null)
    {
        var currency = consortium.BaseCurrency;
        var creditsOf = (credits ?? []).ToLookup(c => c.Vendor, c => c.Line, StringComparer.Ordinal);
        var vendors = lines.Select(l => l.Vendor).Concat(creditsOf.Select(g => g.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(vendor =>
        {
            var invoices = lines.Where(l => l.Vendor == vendor).Select(x => x.Line).OrderBy(l => l.InvoiceDate).ThenBy(l => l.InvoiceNumber, StringComparer.Ordinal).ToList();
            var invoiced = Money.Sum(invoices.Select(i => i.BaseAmount), currency);
            var relieved = Money.Sum(invoices.Select(i => i.Relieved), currency);
            var vendorCredits = creditsOf[vendor].OrderBy(c => c.VoidedOn).ThenBy(c => c.VoidedInvoiceNumber, StringComparer.Ordinal).ToList();
            var creditsOpen = Money.Sum(vendorCredits.Select(c => c.OpenBase), currency);
            return new VendorPayable(vendor, invoiced, relieved, invoiced - relieved - creditsOpen, Money.Sum(invoices.Select(i => i.ExchangeDifference), currency),
                invoices, creditsOpen, vendorCredits);
        }).ToList();
        return new VendorPayablesReport(consortium.Id, currency, Money.Sum(vendors.Select(v => v.Owed), currency), vendors);
    }

    private static (string, VendorCreditLine) Credit(VendorCredit c, string description, string route) => (c.Vendor, new VendorCreditLine(
        c.Kind, c.SourceId, c.Term, description, c.VoidedInvoiceNumber, c.VoidedOn, c.Amount, c.BaseAmount, c.Used, c.UsedBase, c.Open, c.OpenBase, route));

    private static (string, VendorInvoiceLine) Line(BookedInvoice b, string description, string route) => (b.Vendor, new VendorInvoiceLine(
        b.Kind, b.SourceId, b.Term, description, b.Number, b.Date, b.Amount, b.RateToBase, b.BaseAmount, b.PaidAmount,
        Money.Sum(b.Payments.Select(p => p.BaseAmount), b.BaseAmount.Currency), b.Relieved,
        Money.Sum(b.Payments.Select(p => p.ExchangeDifference), b.BaseAmount.Currency), b.Open, b.OpenBase, route));
}
