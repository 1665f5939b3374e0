using Marten;
using Marten.Storage;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>What a rebuild command did: each database's rebuild (null when it failed and was rolled back).</summary>
public sealed record RebuildOutcome<T>(IReadOnlyList<(string Database, T? Rebuilt)> Databases) where T : class
{
    public bool Succeeded => Databases.Count > 0 && Databases.All(d => d.Rebuilt is not null);
}

/// <summary>
/// The shape the operator's rebuild commands share (<c>rebuild-loans</c>, <c>rebuild-postings</c>): one consortium's database, or every
/// configured database in turn, each rebuilt in a transaction of its own; a database that fails is reported and left as it was, and
/// the others still run.
/// </summary>
public static class DatabaseRebuilds
{
    /// <summary>The <c>--consortium</c> flag: null when absent; false (and a line on <paramref name="output"/>) when it is not a GUID.</summary>
    public static bool TryConsortium(string? text, TextWriter output, out Guid? consortium)
    {
        consortium = null;
        if (text is null) return true;
        if (!Guid.TryParse(text, out var id))
        {
            output.WriteLine($"Refused: '{text}' is not a consortium id (a GUID).");
            return false;
        }
        consortium = id;
        return true;
    }

    /// <summary>
    /// Runs <paramref name="rebuild"/> on the consortium's database (with its tenant) or on every database (tenants null), printing
    /// <paramref name="describe"/>'s line for each, or why it failed (after <paramref name="failed"/> when given).
    /// </summary>
    public static async Task<RebuildOutcome<T>> EachAsync<T>(DocumentStore store, Guid? consortium, string what, TextWriter output,
        Func<IMartenDatabase, string[]?, Task<T>> rebuild, Func<T, string> describe, string? failed = null) where T : class
    {
        var tenants = consortium is { } c ? new[] { ConsortiumTenancy.TenantOf(c) } : null;
        var databases = tenants is null ? await store.Storage.AllDatabases() : [await store.Storage.FindOrCreateDatabase(tenants[0])];
        var rebuilt = new List<(string, T?)>();
        foreach (var database in databases)
        {
            var label = ConsortiumTenancy.Describe(database);
            var name = $"Database {label} ({rebuilt.Count + 1} of {databases.Count})";
            try
            {
                var r = await rebuild(database, tenants);
                output.WriteLine($"{name}: {describe(r)}");
                rebuilt.Add((label, r));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Its one transaction rolled back: that database is as it was.
                output.WriteLine($"{name}: {failed ?? $"rebuild FAILED, its {what} are unchanged"}: {e.Message}");
                rebuilt.Add((label, null));
            }
        }
        return new RebuildOutcome<T>(rebuilt);
    }

    /// <summary>A rate for the operator: events a second over the whole rebuild.</summary>
    public static string Rate(long events, TimeSpan total) => $"{(total.TotalSeconds > 0 ? events / total.TotalSeconds : 0):N0} events/s";
}
