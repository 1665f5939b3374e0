using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Subscriptions;
using SharingLedger.Subscriptions.Sushi;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// A subscription's usage harvesting for finance: the SUSHI connection (never its secrets), the harvest log (each attempt's
/// HTTP status and COUNTER exception) and the two actions, set the connection and harvest now, sent through the API's own
/// endpoints (<see cref="ConnectSushiEndpoint"/>, <see cref="HarvestSushiNowEndpoint"/>) so their rules and messages are the API's.
/// The auditor reads the page; only finance acts.
/// </summary>
public sealed class SushiModel(IQuerySession session, InProcessApi api) : ConsoleFormPage
{
    public const int LogLength = 50;

    [BindProperty(SupportsGet = true)] public Guid SubscriptionId { get; set; }
    [BindProperty] public string? BaseUrl { get; set; }
    [BindProperty] public string? CustomerId { get; set; }
    [BindProperty] public string? Platform { get; set; }
    [BindProperty] public string? Report { get; set; }
    [BindProperty] public string? HarvestDay { get; set; }
    [BindProperty] public string? RequestorId { get; set; }
    [BindProperty] public string? ApiKey { get; set; }
    [BindProperty] public string? Begin { get; set; }
    [BindProperty] public string? End { get; set; }
    /// <summary>What the last action did, after its redirect: "connection" or "harvest".</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public Subscription? Subscription { get; private set; }
    public SushiConnectionView? Connection { get; private set; }
    public IReadOnlyList<SushiHarvest> Harvests { get; private set; } = [];

    protected override IReadOnlyCollection<string> Fields =>
        ["baseUrl", "customerId", "platform", "report", "harvestDay", "requestorId", "apiKey", "begin", "end"];

    public static IReadOnlyList<(string Value, string Label)> Reports { get; } =
        [("tr", "TR · Title Report"), ("dr", "DR · Database Report"), ("pr", "PR · Platform Report")];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        Recorded = Done switch
        {
            "connection" => T("The SUSHI connection is saved; the monthly harvest is scheduled."),
            "harvest" => T("The harvest is queued; its attempts appear in the log below."),
            _ => null,
        };
        return await ShowAsync(fill: true, ct);
    }

    public async Task<IActionResult> OnPostConnectAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        int? day = null;
        if (!string.IsNullOrWhiteSpace(HarvestDay))
        {
            if (int.TryParse(HarvestDay.Trim(), out var d)) day = d;
            else Errors["harvestDay"] = T("Enter a day of the month from 1 to 28.");
        }
        if (Refused()) return await ShowAsync(fill: false, ct);
        // A secret left empty keeps the one already set (the API's "left out"); the page never shows a secret back.
        var body = new ConnectSushi(BaseUrl?.Trim(), CustomerId?.Trim(), Blank(RequestorId), Blank(ApiKey), Blank(Platform), Report, day);
        // Post, then redirect: reloading the page afterwards does not send the form again.
        if (Accepted(await PostAsync("/sushi", body, ct))) return LocalRedirect($"/subscriptions/{SubscriptionId}/sushi?done=connection");
        return await ShowAsync(fill: false, ct);
    }

    public async Task<IActionResult> OnPostHarvestAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        if (Accepted(await PostAsync("/sushi/harvests", new HarvestSushiNow(Blank(Begin), Blank(End)), ct)))
            return LocalRedirect($"/subscriptions/{SubscriptionId}/sushi?done=harvest"); // a reload must not queue a second harvest
        return await ShowAsync(fill: true, ct);
    }

    /// <summary>The harvest's status in words (the API's names are lower-case identifiers).</summary>
    public static string StatusText(HarvestStatus status) => status switch
    {
        HarvestStatus.Queued => "queued",
        HarvestStatus.Retrying => "retrying",
        HarvestStatus.Imported => "imported",
        HarvestStatus.NoUsage => "no usage for these months",
        HarvestStatus.Failed => "failed",
        _ => "given up after its retries",
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private Task<ApiAnswer> PostAsync(string tail, object body, CancellationToken ct) =>
        api.PostAsync(User, "/consortia/{consortiumId}/subscriptions/{subscriptionId}" + tail,
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["subscriptionId"] = SubscriptionId.ToString() }, body, ct);

    private async Task<IActionResult> ShowAsync(bool fill, CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        Subscription = await session.LoadAsync<Subscription>(SubscriptionId, ct);
        if (Subscription is null || Subscription.ConsortiumId != Me.ConsortiumId) return NotFoundPage();
        var stored = await session.LoadAsync<SushiConnection>(SubscriptionId, ct);
        Connection = stored is null || stored.ConsortiumId != Me.ConsortiumId ? null : stored.View();
        Harvests = await GetSushiEndpoint.LogOf(session, SubscriptionId).Take(LogLength).ToListAsync(ct);
        if (fill && Connection is { } c)
        {
            BaseUrl = c.BaseUrl; CustomerId = c.CustomerId; Platform = c.Platform; Report = c.Report;
            HarvestDay = c.HarvestDay.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Report ??= "tr";
        return Page();
    }
}
