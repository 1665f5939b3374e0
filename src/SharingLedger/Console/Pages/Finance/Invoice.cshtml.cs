using SharingLedger.Infrastructure.Answers;
using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Finance;

/// <summary>
/// Finance records a subscription's vendor invoice (in a foreign currency with its rate to the base currency) through the API's
/// own endpoint (<see cref="InvoiceSubscriptionEndpoint"/>), which splits the term among its participants.
/// </summary>
public sealed class InvoiceModel(IQuerySession session, InProcessApi api, ConsortiumMemo memo) : ConsoleFormPage
{
    [BindProperty(SupportsGet = true)] public string? SubscriptionId { get; set; }
    [BindProperty] public string? InvoiceNumber { get; set; }
    [BindProperty] public string? InvoiceDate { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public string? RateToBase { get; set; }
    public IReadOnlyList<SubscriptionChoice> Subscriptions { get; private set; } = [];
    protected override IReadOnlyCollection<string> Fields => ["subscriptionId", "term", "invoiceNumber", "invoiceDate", "amount", "rateToBase"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        Currency ??= Consortium!.BaseCurrency;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        var subscription = Subscriptions.FirstOrDefault(s => s.Id.ToString() == SubscriptionId);
        if (subscription is null) Errors["subscriptionId"] = T("Choose the subscription the invoice is for.");
        if (string.IsNullOrWhiteSpace(Amount) || string.IsNullOrWhiteSpace(Currency)) Errors["amount"] = T("Enter the invoiced amount and its currency, such as 1000.00 USD.");
        decimal? rate = null;
        if (!string.IsNullOrWhiteSpace(RateToBase))
        {
            if (decimal.TryParse(RateToBase.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var r)) rate = r;
            else Errors["rateToBase"] = T("Enter the rate as a number, such as 7.1234.");
        }
        if (Refused()) return Page();
        var answer = await api.PostAsync(User, "/consortia/{consortiumId}/subscriptions/{subscriptionId}/invoices",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["subscriptionId"] = subscription!.Id.ToString() },
            new
            {
                term = subscription.Term, invoiceNumber = InvoiceNumber?.Trim() ?? "", invoiceDate = string.IsNullOrWhiteSpace(InvoiceDate) ? null : InvoiceDate.Trim(),
                amount = new { amount = Amount!.Trim(), currency = Currency!.Trim().ToUpperInvariant() }, rateToBase = rate,
            }, ct);
        if (!Accepted(answer))
        {
            if (Errors.Remove("term", out var termError)) Errors["subscriptionId"] = termError;
            return Page();
        }
        Recorded = $"{T("Invoice recorded and split")}: {subscription.Resource}, {InvoiceNumber}";
        (InvoiceNumber, InvoiceDate, Amount, RateToBase) = (null, null, null, null);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        Subscriptions = await SubscriptionChoice.InAsync(session, memo, Me.ConsortiumId, ct);
    }

    public IReadOnlyList<(string Value, string Label)> SubscriptionOptions => Subscriptions.Select(s =>
        (s.Id.ToString(), $"{s.Resource} · {s.Vendor} · {T("Term")} {s.Term} ({Format.Date(s.Start)} – {Format.Date(s.End)})" +
                          (s.Invoiced ? $" · {T("invoiced")}" : ""))).ToList();
}
