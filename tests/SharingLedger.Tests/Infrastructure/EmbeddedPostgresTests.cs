using Npgsql;
using SharingLedger.Development;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>The embedded-default database survives what a developer's machine throws at it.</summary>
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _name = "crash-" + Guid.NewGuid().ToString("N")[..8];

    private EmbeddedPostgresOptions Options() => new(DataRoot.Locate(), _name, Durable: false);

    /// <summary>Throwaway clusters are removed so that test runs do not fill the data folder.</summary>
    public void Dispose()
    {
        foreach (var dir in Directory.GetDirectories(DataRoot.Locate(), _name + "*"))
            Directory.Delete(dir, recursive: true);
    }

    private static async Task<int> Answer(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select 42", conn);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_server_orphaned_by_a_crashed_run_is_taken_over()
    {
        var options = Options();
        var crashed = await EmbeddedPostgres.StartAsync(options);
        await crashed.AbandonAsync(); // the process "died": lock gone, server still running, pid file in place

        await using var next = await EmbeddedPostgres.StartAsync(options);

        Assert.Equal(crashed.DataDirectory, next.DataDirectory);
        Assert.Equal(42, await Answer(next.ConnectionString));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Answer(crashed.ConnectionString)); // the orphan was stopped
    }

    [Fact]
    public async Task A_stale_pid_file_does_not_block_the_next_start()
    {
        var options = Options();
        string dataDir;
        await using (var first = await EmbeddedPostgres.StartAsync(options)) dataDir = first.DataDirectory;
        // a pid that is surely not a running postgres
        await File.WriteAllTextAsync(Path.Combine(dataDir, "postmaster.pid"), "999999\n" + dataDir + "\n", TestContext.Current.CancellationToken);

        await using var next = await EmbeddedPostgres.StartAsync(options);

        Assert.Equal(42, await Answer(next.ConnectionString));
    }

    [Fact]
    public async Task Two_runs_at_once_get_separate_clusters()
    {
        var options = Options();
        await using var one = await EmbeddedPostgres.StartAsync(options);
        await using var two = await EmbeddedPostgres.StartAsync(options);

        Assert.NotEqual(one.DataDirectory, two.DataDirectory);
        Assert.NotEqual(one.Port, two.Port);
        Assert.Equal(42, await Answer(two.ConnectionString));
    }
}
