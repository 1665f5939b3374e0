using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Vendors;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Finance pays (part of) one vendor invoice through the API's own endpoint for it (<see cref="InProcessApi"/>): in the invoice's currency,
/// a foreign one at the day's rate; the API's answer for each field is shown beside that field.
/// </summary>
public sealed class VendorPaymentModel(IQuerySession session, InProcessApi api) : VendorPaymentForm
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? SourceId { get; set; }
    [BindProperty(SupportsGet = true)] public int? Term { get; set; }
    public string Vendor { get; private set; } = "";
    public VendorInvoiceLine? Invoice { get; private set; }
    public bool Foreign => Invoice is { } i && i.Amount.Currency != i.BaseAmount.Currency;
    protected override IReadOnlyCollection<string> Fields => ["amount", "rateToBase", "paidOn", "bankReference"];

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        if (!await LoadAsync(ct)) return NotFoundPage();
        var invoice = Invoice!;
        var rate = CheckPayment("Enter the amount paid, such as 1000.00.");
        if (Refused()) return Page();
        var (template, route) = invoice.Kind == "subscription"
            ? ("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/payments",
                new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["subscriptionId"] = invoice.SourceId.ToString(), ["term"] = invoice.Term.ToString()! })
            : ("/consortia/{consortiumId}/procurements/{procurementId}/invoice/payments",
                new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["procurementId"] = invoice.SourceId.ToString() });
        var answer = await api.PostAsync(User, template, route, new
        {
            invoiceNumber = invoice.InvoiceNumber, amount = new { amount = Amount!.Trim(), currency = invoice.Amount.Currency }, rateToBase = rate,
            bankReference = BankReference!.Trim(), paidOn = PaidOn!.Trim(),
        }, ct);
        if (!Accepted(answer)) return Page();
        Recorded = $"{T("Vendor payment recorded")}: {Vendor}, {invoice.InvoiceNumber}, {invoice.Amount.Currency} {Amount!.Trim()} ({BankReference!.Trim()})";
        Clear();
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The invoice the query names, as what is owed to its vendor shows it; false when it is not one that stands.</summary>
    protected override async Task<bool> LoadAsync(CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        if (await GetVendorPayablesEndpoint.Get(Me.ConsortiumId, session, ct) is not IValueHttpResult { Value: VendorPayablesReport report }) return false;
        var found = report.Vendors.SelectMany(v => v.Invoices.Select(i => (v.Vendor, Invoice: i)))
            .FirstOrDefault(x => x.Invoice.Kind == Kind && x.Invoice.SourceId == SourceId && x.Invoice.Term == Term);
        (Vendor, Invoice) = (found.Vendor ?? "", found.Invoice);
        return Invoice is not null;
    }
}
