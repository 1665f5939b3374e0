using System.Net;
using System.Net.Sockets;
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
