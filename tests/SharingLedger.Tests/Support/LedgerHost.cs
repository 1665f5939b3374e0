using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;
using SharingLedger.Infrastructure.Database;

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
            b.UseEnvironment("Testing");
            b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<IClock>(Clock)));
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
