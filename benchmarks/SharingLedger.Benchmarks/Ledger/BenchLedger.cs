using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Development;
using SharingLedger.Infrastructure.Json;

namespace SharingLedger.Benchmarks.Ledger;

/// <summary>
/// The ledger service hosted in memory (as the HTTP tests host it) on a fresh embedded PostgreSQL cluster named "bench"
/// under the worktree's .data. The async daemon is off: the benchmarks build projections themselves when they say so,
/// and the audit hash chain does not compete with the measured work.
/// </summary>
public sealed class BenchLedger : IAsyncDisposable
{
    private const string OperatorKey = "bench-operator-key-0123456789abcdef";
    public static readonly JsonSerializerOptions Json = LedgerJson.ConfigureForHttp(new JsonSerializerOptions());

    private readonly EmbeddedPostgres _postgres;
    private readonly bool _ownsPostgres;
    public IAlbaHost Host { get; }
    public HttpClient Http { get; }
    public DocumentStore Store => (DocumentStore)Host.Services.GetRequiredService<IDocumentStore>();
    public string ConnectionString => _postgres.ConnectionString;

    private BenchLedger(EmbeddedPostgres postgres, IAlbaHost host, bool ownsPostgres)
    {
        _postgres = postgres;
        _ownsPostgres = ownsPostgres;
        Host = host;
        Http = host.Server.CreateClient();
        Http.Timeout = TimeSpan.FromMinutes(10);
        Http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
    }

    /// <summary>On a fresh cluster of its own, or on <paramref name="cluster"/> (left running when this host is disposed), with <paramref name="settings"/> added.</summary>
    public static async Task<BenchLedger> StartAsync(IReadOnlyDictionary<string, string>? settings = null, EmbeddedPostgres? cluster = null)
    {
        var postgres = cluster ?? await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(DataRoot.Locate(), "bench", Durable: false, Fresh: true));
        var host = await AlbaHost.For<Program>(b =>
        {
            b.UseContentRoot(Path.Combine(Path.GetDirectoryName(DataRoot.Locate())!, "src", "SharingLedger"));
            b.UseSetting("ConnectionStrings:Ledger", postgres.ConnectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "bench");
            b.UseSetting("Auth:OperatorKeys:0:Key", OperatorKey);
            b.UseSetting("Limits:RequestsPerMinute", "100000000");
            b.UseSetting("Projections:DaemonMode", "Disabled");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseEnvironment("Testing"); // static generated code as in production, but the fresh database gets its schema at start
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
        });
        return new BenchLedger(postgres, host, ownsPostgres: cluster is null);
    }

    /// <summary>POSTs a JSON body and answers the parsed response; anything but 2xx is an error.</summary>
    public async Task<JsonElement> PostAsync(string url, object body)
    {
        var response = await Http.PostAsJsonAsync(url, body, Json);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>GETs and answers the body's length in bytes as sent (compressed when <paramref name="acceptEncoding"/> asks for it).</summary>
    public async Task<long> GetAsync(string url, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.Add("Accept-Encoding", acceptEncoding);
        var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        return bytes.LongLength;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownsPostgres) await _postgres.DisposeAsync();
    }
}
