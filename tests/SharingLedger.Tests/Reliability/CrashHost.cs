using Alba;
using Microsoft.AspNetCore.Hosting;
using SharingLedger.Development;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// A host of its own on a PostgreSQL of its own (durable: synchronous commits, so an acknowledged write survives a kill),
/// which the reliability tests kill and restart under load without disturbing the shared host. The hash chain's grace
/// period is short (3 s) so a stopped chain shows within a test.
/// </summary>
public sealed class CrashHost : IAsyncLifetime
{
    public const int GraceSeconds = 3;

    public EmbeddedPostgres? Postgres { get; private set; }
    public IAlbaHost Host { get; private set; } = null!;
    public LedgerApi Api { get; private set; } = null!;

    /// <summary>False when the tests run against a configured server (ConnectionStrings__Ledger), which they must not kill.</summary>
    public bool CanCrash => Postgres is not null;

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger");
        string connectionString;
        if (string.IsNullOrWhiteSpace(configured))
        {
            Postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(DataRoot.Locate(), "crash", Durable: true, Fresh: true));
            connectionString = Postgres.ConnectionString;
        }
        else
        {
            connectionString = configured; // no kills then: only the chain tests run (they do not need one)
        }

        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", connectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "crash-tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
            b.UseSetting("Limits:RequestsPerMinute", "1000000");
            b.UseSetting("Audit:ChainGraceSeconds", GraceSeconds.ToString());
            b.UseSetting("Audit:ChainCheckSeconds", "1");
            b.UseSetting("Projections:DaemonMode", CanCrash ? "Solo" : "Disabled");
            b.UseEnvironment("Testing");
        });
        Host.BeforeEach(context =>
        {
            if (!context.Request.Headers.ContainsKey("X-Api-Key") && !context.Request.Headers.ContainsKey("Authorization"))
                context.Request.Headers["X-Api-Key"] = LedgerHost.OperatorKey;
        });
        Api = new LedgerApi(Host);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}
