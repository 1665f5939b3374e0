using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SharingLedger.Development;

/// <summary>Options for a private PostgreSQL server started from the machine's own binaries.</summary>
/// <param name="DataRoot">Folder that holds the clusters (git-ignored <c>.data</c> in the repository).</param>
/// <param name="Name">Cluster name, e.g. "dev" for the service and "test" for the test suite.</param>
/// <param name="Durable">False turns off fsync for throwaway test clusters.</param>
/// <param name="Fresh">True drops and recreates the database at start, for a test run that must not see an earlier run's data.</param>
public sealed record EmbeddedPostgresOptions(string DataRoot, string Name, bool Durable = true, string Database = "sharingledger", bool Fresh = false);

/// <summary>
/// A private PostgreSQL on a free loopback port, its data under a git-ignored folder. Several runs at
/// once each get their own cluster (a held lock file tells which are in use); a cluster left by a
/// crashed run is taken over: its orphaned server is stopped and its stale pid file cleared.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string User = "ledger";
    private readonly PostgresBinaries _binaries;
    private readonly string _clusterDir;
    private readonly FileStream _lock;
    private readonly ILogger _log;
    private bool _stopped;

    public string ConnectionString { get; }
    public int Port { get; }
    public string DataDirectory => Path.Combine(_clusterDir, "pgdata");

    private readonly bool _durable;

    private EmbeddedPostgres(PostgresBinaries binaries, string clusterDir, FileStream lockFile, int port, string database, bool durable, ILogger log)
    {
        _durable = durable;
        _binaries = binaries;
        _clusterDir = clusterDir;
        _lock = lockFile;
        _log = log;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = User, Database = database,
            Pooling = true, MaxPoolSize = 50, Timeout = 15,
        }.ConnectionString;
    }

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger? log = null)
    {
        log ??= NullLogger.Instance;
        var binaries = PostgresBinaries.Find();
        var root = await UsableRootAsync(options.DataRoot);
        var (clusterDir, lockFile) = ClaimCluster(root, options.Name);
        try
        {
            var dataDir = Path.Combine(clusterDir, "pgdata");
            await InitialiseIfNeededAsync(binaries, clusterDir, dataDir, log);
            await TakeOverStaleServerAsync(binaries, dataDir, log);

            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var (code, output) = await PgCtlStartAsync(binaries, clusterDir, port, options.Durable);
                if (code == 0)
                {
                    var server = new EmbeddedPostgres(binaries, clusterDir, lockFile, port, options.Database, options.Durable, log);
                    await server.EnsureDatabaseAsync(options.Database, options.Fresh);
                    log.LogInformation("Embedded PostgreSQL '{Name}' listening on 127.0.0.1:{Port} (data in {Dir})", options.Name, port, dataDir);
                    return server;
                }
                if (attempt >= 3)
                    throw new InvalidOperationException($"Embedded PostgreSQL did not start (pg_ctl exit {code}):\n{output}\n{TailOfLog(clusterDir)}");
                log.LogWarning("Embedded PostgreSQL did not start on port {Port}; trying another port.", port);
            }
        }
        catch
        {
            await lockFile.DisposeAsync();
            throw;
        }
    }

    private static Task<(int Code, string Output)> PgCtlStartAsync(PostgresBinaries binaries, string clusterDir, int port, bool durable) =>
        ProcessRunner.RunAsync(binaries.PgCtl,
        [
            "start", "-w", "-t", "60", "-D", Path.Combine(clusterDir, "pgdata"), "-l", Path.Combine(clusterDir, "postgres.log"),
            "-o", ServerOptions(port, durable),
        ], TimeSpan.FromSeconds(90));

    private static string ServerOptions(int port, bool durable)
    {
        var opts = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200";
        return durable ? opts : opts + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    }

    /// <summary>The repository's data folder, or a temporary one when the postgres user cannot reach it.</summary>
    private static async Task<string> UsableRootAsync(string dataRoot)
    {
        Directory.CreateDirectory(dataRoot);
        if (await ProcessRunner.PostgresCanReachAsync(dataRoot)) return dataRoot;
        var fallback = Path.Combine(Path.GetTempPath(), "sharingledger-data");
        Directory.CreateDirectory(fallback);
        return fallback;
    }

    /// <summary>Claims the first cluster folder no live process holds: name, name-2, name-3, ...</summary>
    private static (string Dir, FileStream Lock) ClaimCluster(string root, string name)
    {
        for (var i = 1; i <= 20; i++)
        {
            var dir = Path.Combine(root, i == 1 ? name : $"{name}-{i}");
            Directory.CreateDirectory(dir);
            try
            {
                var lockFile = new FileStream(Path.Combine(dir, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return (dir, lockFile);
            }
            catch (IOException)
            {
                // Another live run holds this cluster; try the next one.
            }
        }
        throw new InvalidOperationException($"Twenty embedded PostgreSQL clusters named '{name}' under {root} are in use.");
    }

    private static async Task InitialiseIfNeededAsync(PostgresBinaries binaries, string clusterDir, string dataDir, ILogger log)
    {
        if (File.Exists(Path.Combine(dataDir, "PG_VERSION"))) return;
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true); // a half-made cluster from a crash
        await ProcessRunner.ChownToPostgresAsync(clusterDir);
        log.LogInformation("Creating an embedded PostgreSQL cluster in {Dir}", dataDir);
        var (code, output) = await ProcessRunner.RunAsync(binaries.InitDb,
            ["-D", dataDir, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"initdb failed (exit {code}):\n{output}");
    }

    /// <summary>A server left running by a crashed run is stopped; a pid file naming a dead process is removed.</summary>
    private static async Task TakeOverStaleServerAsync(PostgresBinaries binaries, string dataDir, ILogger log)
    {
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (!File.Exists(pidFile)) return;
        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        if (int.TryParse(firstLine, out var pid) && IsPostgresProcess(pid))
        {
            log.LogWarning("Stopping an orphaned embedded PostgreSQL (pid {Pid}) left by an earlier run.", pid);
            await ProcessRunner.RunAsync(binaries.PgCtl, ["stop", "-D", dataDir, "-m", "immediate", "-w"], TimeSpan.FromSeconds(60));
        }
        if (File.Exists(pidFile))
        {
            log.LogWarning("Removing a stale PostgreSQL pid file left by an earlier run.");
            File.Delete(pidFile);
        }
    }

    private static bool IsPostgresProcess(int pid)
    {
        try
        {
            var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
            return comm.StartsWith("postgres", StringComparison.Ordinal);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task EnsureDatabaseAsync(string database, bool fresh)
    {
        var quoted = $"\"{database.Replace("\"", "\"\"")}\"";
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        if (fresh)
        {
            await using var drop = new NpgsqlCommand($"drop database if exists {quoted} with (force)", conn);
            await drop.ExecuteNonQueryAsync();
        }
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", conn);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"create database {quoted}", conn);
            await create.ExecuteNonQueryAsync();
        }
    }

    private static string TailOfLog(string clusterDir)
    {
        var logFile = Path.Combine(clusterDir, "postgres.log");
        return File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(20)) : "";
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ProcessRunner.RunAsync(_binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", "fast", "-w"], TimeSpan.FromSeconds(60));
            _log.LogInformation("Embedded PostgreSQL stopped.");
        }
        finally
        {
            await _lock.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>For tests: let go of the cluster as a crashed process would, leaving its server running.</summary>
    internal async Task AbandonAsync()
    {
        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await _lock.DisposeAsync();
    }

    /// <summary>For tests: kill the server as a crash would (immediate shutdown: no checkpoint, clients cut off).</summary>
    internal async Task CrashAsync()
    {
        var (code, output) = await ProcessRunner.RunAsync(_binaries.PgCtl, ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], TimeSpan.FromSeconds(60));
        if (code != 0) throw new InvalidOperationException($"pg_ctl stop -m immediate failed (exit {code}):\n{output}");
    }

    /// <summary>For tests: start the server again after <see cref="CrashAsync"/>, on the same port and settings, so clients reconnect to it.</summary>
    internal async Task RestartAsync()
    {
        var (code, output) = await PgCtlStartAsync(_binaries, _clusterDir, Port, _durable);
        if (code != 0) throw new InvalidOperationException($"Embedded PostgreSQL did not restart (pg_ctl exit {code}):\n{output}\n{TailOfLog(_clusterDir)}");
    }
}
