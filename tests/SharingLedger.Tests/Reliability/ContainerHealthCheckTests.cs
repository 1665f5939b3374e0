using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure.Api;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// The containers' health check (<c>deploy/ready-check</c>, run by docker compose in the image, where there is no curl): it passes
/// for a node that answers <c>/health/ready</c> with 200 and fails for one that is warming up or not listening, so the scale-out
/// proxy starts only once both nodes are ready. Run here with bash against the service on Kestrel on a loopback port.
/// </summary>
public class ContainerHealthCheckTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> ReadyCheck(int port)
    {
        var (exit, output) = await Tool.RunAsync("bash", [Path.Combine(Repository.Root, "deploy", "ready-check"), port.ToString()], TimeSpan.FromSeconds(30));
        Assert.True(exit is 0 or 1, $"ready-check exited {exit}: {output}");
        return exit;
    }

    [Fact]
    public async Task The_health_check_passes_for_a_ready_node_and_fails_while_it_warms_up_or_when_nothing_listens()
    {
        var database = await BrowserHost.FreshDatabaseAsync(Host.ConnectionString, "ready_check");
        var port = BrowserHost.FreePort();
        await using var factory = BrowserHost.StartOnKestrel(database, port, b =>
        {
            b.UseSetting("Projections:DaemonMode", "Disabled");
            b.UseEnvironment("Testing");
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpStatusCode> Ready() => (await http.GetAsync("/health/ready", Ct)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, await Ready());
        Assert.Equal(0, await ReadyCheck(port));

        // Warming up: the node answers, with 503.
        var gate = factory.Services.GetRequiredService<WarmUpGate>();
        gate.Shut();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Ready());
        Assert.Equal(1, await ReadyCheck(port));

        gate.Open("warmed up by the test");
        Assert.Equal(0, await ReadyCheck(port));

        // Nothing listening on the port at all.
        Assert.Equal(1, await ReadyCheck(BrowserHost.FreePort()));
    }
}
