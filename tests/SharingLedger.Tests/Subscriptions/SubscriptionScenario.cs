using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>Sets up a consortium whose agreement has one named cost-sharing term, and talks to the subscription endpoints.</summary>
public sealed class SubscriptionScenario(LedgerApi api, Guid consortiumId, Dictionary<string, Guid> members)
{
    public LedgerApi Api { get; } = api;
    public Guid ConsortiumId { get; } = consortiumId;
    public Dictionary<string, Guid> Members { get; } = members;
    public string Url => $"/consortia/{ConsortiumId}/subscriptions";

    public static async Task<SubscriptionScenario> Create(LedgerApi api, object term, string currency = "CNY",
        params (string Code, decimal Fte, string Budget)[] members)
    {
        var c = await api.EstablishConsortium(currency: currency);
        var ids = new Dictionary<string, Guid>();
        foreach (var (code, fte, budget) in members)
            ids[code] = await api.AdmitMember(c, code, fte: fte, budget: budget, currency: currency);
        await api.Ok(api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = term },
        }), 201);
        return new SubscriptionScenario(api, c, ids);
    }

    public object Participants(params string[] codes) => codes.Select(code => new { memberId = Members[code] }).ToArray();

    public async Task<Guid> Contract(string price, object participants, string start = "2026-01-01", string end = "2026-12-31",
        object? previousShares = null, int? phaseInYear = null, object? standalonePrices = null, string currency = "CNY", string resource = "Academic Search Complete")
    {
        var body = await Api.Ok(Contracting(price, participants, start, end, previousShares, phaseInYear, standalonePrices, currency, resource: resource), 201);
        return body.GetProperty("id").GetGuid();
    }

    public Task<(int Status, JsonElement Body)> Contracting(string price, object participants, string start = "2026-01-01", string end = "2026-12-31",
        object? previousShares = null, int? phaseInYear = null, object? standalonePrices = null, string currency = "CNY", string sharingTerm = "databases",
        string resource = "Academic Search Complete") =>
        Api.Post(Url, new
        {
            vendor = "EBSCO", resource, termStart = start, termEnd = end,
            price = new { amount = price, currency }, participants, sharingTerm, previousShares, phaseInYear, standalonePrices,
        });

    public Task<(int Status, JsonElement Body)> Invoice(Guid subscription, string amount, string currency = "CNY", decimal? rateToBase = null, int? term = null) =>
        Api.Post($"{Url}/{subscription}/invoices", new
        {
            term, invoiceNumber = "INV-" + Guid.NewGuid().ToString("N")[..6], invoiceDate = "2026-01-15",
            amount = new { amount, currency }, rateToBase,
        });

    public async Task<Dictionary<string, string>> Shares(Guid subscription, int term = 1)
    {
        var s = await Api.Ok(Api.Get($"{Url}/{subscription}"));
        var t = s.GetProperty("terms").EnumerateArray().Single(x => x.GetProperty("number").GetInt32() == term);
        var latest = t.GetProperty("apportionments").EnumerateArray().Last();
        var codes = Members.ToDictionary(m => m.Value, m => m.Key);
        return latest.GetProperty("cost").GetProperty("lines").EnumerateArray()
            .ToDictionary(l => codes[l.GetProperty("memberId").GetGuid()], l => l.GetProperty("amount").GetProperty("amount").GetString()!);
    }

    public static Dictionary<string, object> Money(string currency, params (string Key, string Amount)[] amounts) =>
        amounts.ToDictionary(a => a.Key, a => (object)new { amount = a.Amount, currency });

    /// <summary>The member codes in the order their ids sort (ordinal): ties in rounding go to the first.</summary>
    public List<string> CodesByIdOrder(params string[] codes) =>
        codes.OrderBy(c => Members[c].ToString("D"), StringComparer.Ordinal).ToList();
}
