using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace SharingLedger.Tests.Support;

/// <summary>
/// What a browser test needs around the service: a database of its own in the tests' embedded PostgreSQL cluster, a free
/// loopback port for Kestrel (a browser cannot reach Alba's in-memory server), and the Debian chromium driven by Playwright
/// (never Playwright's own download, which fails offline).
/// </summary>
public static class BrowserHost
{
    public const string Chromium = "/usr/bin/chromium";

    public static async Task<string> FreshDatabaseAsync(string connectionString, string name)
    {
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The service on Kestrel on <paramref name="port"/> of the loopback, started, on <paramref name="connection"/> with the tests'
    /// operator key and what <paramref name="configure"/> adds (its environment, its settings).
    /// </summary>
    public static WebApplicationFactory<Program> StartOnKestrel(string connection, int port, Action<IWebHostBuilder> configure)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", connection);
            b.UseSetting("Auth:OperatorKeys:0:Name", "tests");
            b.UseSetting("Auth:OperatorKeys:0:Key", LedgerHost.OperatorKey);
            configure(b);
        });
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return factory;
    }

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: scripts/test installs the Debian chromium package (apt-get install chromium).");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}
