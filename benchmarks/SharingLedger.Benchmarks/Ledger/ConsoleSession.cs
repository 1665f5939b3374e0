using System.Text.RegularExpressions;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// A browser's session with the console on the in-memory host, without a browser: signs in on the sign-in page with an
/// API key (its anti-forgery token and cookies carried by hand, as a browser would) and then GETs pages with the session
/// cookie. Used to time the console's pages as the server renders them.
/// </summary>
public sealed partial class ConsoleSession(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public static async Task<ConsoleSession> SignInAsync(BenchLedger ledger, Guid consortium, string role)
    {
        var key = (await ledger.PostAsync($"/consortia/{consortium}/api-keys", new { label = $"bench {role}", roles = new[] { role } }))
            .GetProperty("key").GetString()!;
        var session = new ConsoleSession(ledger.Host.Server.CreateClient());
        var form = await session.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/sign-in"));
        var token = AntiForgery().Match(form) is { Success: true } found
            ? found.Groups[1].Value
            : throw new InvalidOperationException("the sign-in page has no anti-forgery field named __console");
        var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["ApiKey"] = key, ["__console"] = token /* the console's anti-forgery field (ConsoleSetup) */ }),
        };
        await session.SendAsync(post, expectRedirect: true);
        return session;
    }

    /// <summary>GETs a page as the signed-in user; answers its length in bytes.</summary>
    public async Task<long> PageAsync(string url) => (await SendAsync(new HttpRequestMessage(HttpMethod.Get, url))).Length;

    private async Task<string> SendAsync(HttpRequestMessage request, bool expectRedirect = false)
    {
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        using var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set)
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }
        var body = await response.Content.ReadAsStringAsync();
        var ok = expectRedirect ? (int)response.StatusCode is >= 300 and < 400 : response.IsSuccessStatusCode;
        if (!ok) throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
        return body;
    }

    [GeneratedRegex("name=\"__console\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
