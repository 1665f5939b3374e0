using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NodaTime;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>What came back from the vendor: the HTTP status (null when nothing came), the JSON body, and Retry-After.</summary>
public sealed record SushiAnswer(int? Status, JsonDocument? Body, TimeSpan? RetryAfter, string? Failure) : IDisposable
{
    public void Dispose() => Body?.Dispose();
}

/// <summary>
/// Calls a vendor's COUNTER_SUSHI API: <c>GET {base}/reports/{tr|dr|pr}?customer_id&amp;requestor_id&amp;api_key&amp;platform&amp;begin_date&amp;end_date</c>.
/// The named HTTP client "sushi" has its timeout and answer size from configuration (<c>Sushi:TimeoutSeconds</c>,
/// <c>Sushi:MaxAnswerBytes</c>) and no request logging, since the query string carries the API key.
/// </summary>
public sealed class SushiClient(IHttpClientFactory factory)
{
    public const string HttpClientName = "sushi";

    public static string ReportUrl(SushiConnection connection, SushiCredentials credentials, LocalDate begin, LocalDate end)
    {
        var query = new List<(string, string?)>
        {
            ("customer_id", connection.CustomerId), ("requestor_id", credentials.RequestorId), ("api_key", credentials.ApiKey),
            ("platform", connection.Platform),
            ("begin_date", begin.ToString("uuuu-MM", CultureInfo.InvariantCulture)), ("end_date", end.ToString("uuuu-MM", CultureInfo.InvariantCulture)),
        };
        return $"{connection.BaseUrl.TrimEnd('/')}/reports/{connection.Report}?" + string.Join("&",
            query.Where(q => !string.IsNullOrEmpty(q.Item2)).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}"));
    }

    public async Task<SushiAnswer> FetchAsync(SushiConnection connection, SushiCredentials credentials, LocalDate begin, LocalDate end, CancellationToken ct)
    {
        var client = factory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, ReportUrl(connection, credentials, begin, end));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await client.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter?.Delta;
            var text = await response.Content.ReadAsStringAsync(ct);
            try
            {
                return new(status, text.Length == 0 ? null : JsonDocument.Parse(text), retryAfter, null);
            }
            catch (JsonException)
            {
                return new(status, null, retryAfter, "The answer is not JSON.");
            }
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, null, null, $"No answer within {client.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException e)
        {
            // The message names the host at most (never the query string), e.g. "Connection refused (host:port)".
            return new(null, null, null, $"The SUSHI server could not be reached: {e.Message}");
        }
    }
}
