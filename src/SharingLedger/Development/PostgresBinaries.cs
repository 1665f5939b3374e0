namespace SharingLedger.Development;

/// <summary>Finds the machine's PostgreSQL server programs: on PATH, else under Debian's /usr/lib/postgresql.</summary>
public sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    public const string HowToFix =
        "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. Fix one of:\n" +
        "  1. install PostgreSQL:   sudo apt-get install -y postgresql   (Debian/Ubuntu; the Quick start scripts do this when run as root)\n" +
        "  2. point at a server:    export ConnectionStrings__Ledger='Host=localhost;Port=5432;Database=sharingledger;Username=...;Password=...'\n" +
        "  3. run everything in containers: docker compose up";

    public static PostgresBinaries? TryFind()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(DebianDirectories());
        foreach (var dir in directories)
        {
            var initdb = Path.Combine(dir, "initdb");
            var pgctl = Path.Combine(dir, "pg_ctl");
            if (File.Exists(initdb) && File.Exists(pgctl)) return new PostgresBinaries(initdb, pgctl);
        }
        return null;
    }

    public static PostgresBinaries Find() => TryFind() ?? throw new PostgresNotFoundException(HowToFix);

    private static IEnumerable<string> DebianDirectories()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return [];
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir);
    }
}

/// <summary>Raised at once when no PostgreSQL can be started or reached; the message names the fixes.</summary>
public sealed class PostgresNotFoundException(string message) : Exception(message);
