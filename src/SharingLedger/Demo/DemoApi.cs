using System.Net.Http.Json;
using System.Text.Json;
using SharingLedger.Infrastructure.Json;

namespace SharingLedger.Demo;

/// <summary>The demo's client of the service's own HTTP API: every call must succeed, or seeding stops with the answer.</summary>
public sealed class DemoApi(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = LedgerJson.ConfigureForHttp(new JsonSerializerOptions());

    public Uri BaseAddress => http.BaseAddress!;

    public async Task<JsonElement> GetAsync(string url, CancellationToken ct) =>
        await http.GetFromJsonAsync<JsonElement>(url, Json, ct);

    public async Task<JsonElement> PostAsync(string url, object body, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync(url, body, Json, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Posts and answers the new resource's id (or, for answers that name it so, its <c>paymentId</c>).</summary>
    public async Task<Guid> CreateAsync(string url, object body, CancellationToken ct)
    {
        var answer = await PostAsync(url, body, ct);
        return answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
    }

    public static object Cny(string amount) => new { amount, currency = "CNY" };
}
