using System.Globalization;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Vendors;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Finance records one bank transfer that pays several of a vendor's invoices (in one currency), through the API's own endpoint for it
/// (<c>POST …/vendor-payments</c>, in process): the whole amount as the bank shows it, the part of it each invoice takes, and the day's
/// rate when foreign. All or nothing, as the API decides; each of its messages is shown beside the field it is about.
/// </summary>
public sealed partial class VendorTransferModel(IQuerySession session, InProcessApi api) : VendorPaymentForm
{
    [BindProperty(SupportsGet = true)] public string? Vendor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Currency { get; set; }

    /// <summary>The vendor's invoices with something open in <see cref="Currency"/>, in the order the report lists them.</summary>
    public IReadOnlyList<VendorInvoiceLine> Invoices { get; private set; } = [];

    /// <summary>The other currencies the vendor has open invoices in (one transfer pays invoices of one currency).</summary>
    public IReadOnlyList<string> OtherCurrencies { get; private set; } = [];

    public string BaseCurrency { get; private set; } = "";
    public bool Foreign => Currency != BaseCurrency;

    /// <summary>
    /// The part typed for each invoice, by its number (kept when the form is shown again with messages); sent as the allocations in this
    /// order, so the API's <c>allocations[k]</c> is its k-th.
    /// </summary>
    public Dictionary<string, string> Parts { get; } = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<string> Fields => ["amount", "rateToBase", "paidOn", "bankReference", "allocations"];

    public static string PartField(int row) => $"part{row}";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        if (!await LoadAsync(ct)) return NotFoundPage();
        for (var n = 0; n < Invoices.Count; n++)
            if (Request.Form[PartField(n)].ToString().Trim() is { Length: > 0 } part) Parts[Invoices[n].InvoiceNumber] = part;
        var rate = CheckPayment("Enter the amount that left the bank, such as 1000.00.");
        if (Parts.Count == 0) Errors["allocations"] = T("Enter the part of the transfer each invoice it pays takes.");
        if (Refused()) return Page();
        var answer = await api.PostAsync(User, "/consortia/{consortiumId}/vendor-payments",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString() }, new
            {
                vendor = Vendor, amount = new { amount = Amount!.Trim(), currency = Currency }, rateToBase = rate, bankReference = BankReference!.Trim(),
                paidOn = PaidOn!.Trim(), allocations = Parts.Select(p => new { invoiceNumber = p.Key, amount = new { amount = p.Value, currency = Currency } }),
            }, ct);
        if (!Accepted(answer)) return Page();
        Recorded = $"{T("Vendor payment recorded")}: {Vendor}, {string.Join(", ", Parts.Keys)}, {Currency} {Amount!.Trim()} ({BankReference!.Trim()})";
        Clear();
        Parts.Clear();
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>An allocation's message goes beside the part of the invoice it was sent for.</summary>
    protected override string FieldOf(string apiField)
    {
        if (AllocationField().Match(apiField) is { Success: true } m && Parts.Keys.ElementAtOrDefault(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) is { } number
            && Invoices.Select(i => i.InvoiceNumber).ToList().IndexOf(number) is var row and >= 0)
            return PartField(row);
        return base.FieldOf(apiField);
    }

    [GeneratedRegex(@"^allocations\[(\d+)\]")]
    private static partial Regex AllocationField();

    /// <summary>The vendor's open invoices in the currency asked for (or the base currency, or its first); false when the vendor has none open.</summary>
    protected override async Task<bool> LoadAsync(CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        if (await GetVendorPayablesEndpoint.Get(Me.ConsortiumId, session, ct) is not IValueHttpResult { Value: VendorPayablesReport report }) return false;
        BaseCurrency = report.BaseCurrency;
        var open = report.Vendors.Where(v => v.Vendor == Vendor).SelectMany(v => v.Invoices).Where(i => i.Open.Minor > 0).ToList();
        var currencies = open.Select(i => i.Amount.Currency).Distinct().ToList();
        if (currencies.Count == 0) return false;
        Currency = Currency is { } c && currencies.Contains(c) ? c : currencies.Contains(BaseCurrency) ? BaseCurrency : currencies[0];
        OtherCurrencies = [.. currencies.Where(x => x != Currency)];
        Invoices = [.. open.Where(i => i.Amount.Currency == Currency)];
        return true;
    }
}
