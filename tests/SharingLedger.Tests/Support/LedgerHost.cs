using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using SharingLedger.Development;

[assembly: AssemblyFixture(typeof(SharingLedger.Tests.Support.LedgerHost))]

namespace SharingLedger.Tests.Support;

/// <summary>
/// One real host for the whole test assembly, on a real PostgreSQL: the embedded test cluster
/// (fresh database each run), or the server named by ConnectionStrings__Ledger. Tests isolate
/// themselves by creating their own consortium.
/// </summary>
public sealed class LedgerHost : IAsyncLifetime
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 27, 12, 0);

    /// <summary>A configured operator key with every staff role: what the tests act as unless they say otherwise.</summary>
    public const string OperatorKey = "test-operator-key-0123456789abcdef";

    /// <summary>The symmetric key the test host accepts bearer tokens signed with.</summary>
    public const string JwtSigningKey = "test-signing-key-for-sharingledger-0123456789";
    public const string JwtIssuer = "https://idp.test.sharingledger";
    public const string JwtAudience = "sharingledger-api";

    private EmbeddedPostgres? _postgres;

    public IAlbaHost Host { get; private set; } = null!;
    public FakeClock Clock { get; } = new(Now);
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Ledger");
        if (string.IsNullOrWhiteSpace(configured))
        {
            _postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions(DataRoot.Locate(), "test", Durable: false, Fresh: true));
            ConnectionString = _postgres.ConnectionString;
        }
        else
        {
            ConnectionString = configured;
        }

        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", ConnectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", OperatorKey);
            b.UseSetting("Auth:Jwt:Issuer", JwtIssuer);
            b.UseSetting("Auth:Jwt:Audience", JwtAudience);
            b.UseSetting("Auth:Jwt:SigningKey", JwtSigningKey);
            b.UseSetting("Limits:RequestsPerMinute", "100000");
            b.UseSetting("Limits:MaxImportRows", "1000");
            // SUSHI retries come quickly here (two, then the harvest gives up), and scheduled messages are looked for twice a second.
            b.UseSetting("Sushi:RetryDelays:0", "00:00:00.200");
            b.UseSetting("Sushi:RetryDelays:1", "00:00:00.200");
            b.UseSetting("Sushi:ScheduledPolling", "00:00:00.500");
            // The shared host's chain trails a log that every test writes to at once (bulk imports among them) on two cores, and in a
            // CI run it fell more than the production grace of 60 s behind, so that its readiness answered 503 to a test about
            // something else. Its chain is called stopped only after ten minutes; the stall itself is tested on hosts of its own with a
            // grace of 3 s (Reliability/ChainSurvivalTests, CrashHost), and every test that needs a link waits for it.
            b.UseSetting("Audit:ChainGraceSeconds", "600");
            b.UseEnvironment("Testing");
            b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<IClock>(Clock)));
        });
        // Every scenario acts as the operator unless it sends credentials of its own (or an empty X-Api-Key).
        Host.BeforeEach(context =>
        {
            if (!context.Request.Headers.ContainsKey("X-Api-Key") && !context.Request.Headers.ContainsKey("Authorization"))
                context.Request.Headers["X-Api-Key"] = OperatorKey;
        });
        // The whole schema now, as db-apply leaves a database before the nodes start: otherwise each table, function and one-off fill
        // is made by whichever host touches it first, and the hosts tests start beside this one on the same database can race to make
        // the same object (most likely what a CI run saw: a member's first obligations read on a new host answered 409, a unique
        // violation that no command of Marten's logged, early in the run).
        await Host.Services.GetRequiredService<Marten.IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
