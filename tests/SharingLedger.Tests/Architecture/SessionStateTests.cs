using System.Text.RegularExpressions;

namespace SharingLedger.Tests.Architecture;

/// <summary>
/// The ledger's connections go back to the pool without Npgsql's <c>DISCARD ALL</c> (LedgerDataSource; docs/decisions.md,
/// "Pooled connections keep their plans"), so the next request on the same connection would inherit any session state a request
/// left: a session advisory lock, a session setting, a LISTEN, a temporary table. The service's code and SQL take none of it.
/// </summary>
public partial class SessionStateTests
{
    /// <summary>The service's C# and SQL, without the code Wolverine generated (it writes no SQL of its own), read once.</summary>
    private static readonly Lazy<IReadOnlyList<(string Path, string Text)>> Sources = new(() =>
    {
        var service = Path.Combine(SliceDependencyTests.Repository(), "src", "SharingLedger");
        string[] skipped = [Path.Combine("Internal", "Generated"), "obj", "bin"];
        return Directory.EnumerateFiles(service, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".sql", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(service, f))
            .Where(f => !skipped.Any(s => f.StartsWith(s + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Select(f => (f, File.ReadAllText(Path.Combine(service, f))))
            .ToList();
    });

    /// <summary>
    /// What would outlive its request on a pooled connection: session advisory locks (<c>pg_advisory_xact_lock</c> ends with the
    /// transaction), settings (by name, so that an UPDATE's <c>set column =</c> is not taken for one; <c>set local</c> ends with the
    /// transaction), LISTEN and temporary tables (but one made <c>on commit drop</c>, which ends with the transaction).
    /// </summary>
    [GeneratedRegex(@"pg_(try_)?advisory_lock(_shared)?\b|pg_advisory_unlock|\bset_config\s*\(|\bset\s+(session\s+)?(role|session\s+authorization|search_path|time\s*zone|[a-z_]*timeout|work_mem|application_name|client_encoding|datestyle|[a-z_]+\.[a-z_]+)\b|\blisten\s+[a-z_""]|create\s+temp(orary)?\s+table(?![^;\n]*\bon\s+commit\s+drop\b)",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SessionState();

    [Fact]
    public void No_code_or_script_leaves_session_state_on_a_pooled_connection()
    {
        var found = Sources.Value
            .SelectMany(s => SessionState().Matches(s.Text).Select(m => $"{s.Path}:{s.Text[..m.Index].Count(c => c == '\n') + 1}: {m.Value.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0, "Session state a later request on the same pooled connection would inherit:\n" + string.Join("\n", found));
    }

    [Fact]
    public void A_temporary_table_copied_into_is_dropped_by_the_code_that_made_it()
    {
        // Marten's bulk loader creates its temporary table without dropping it (its own bulk insert leaves that to DISCARD ALL).
        var undropped = Sources.Value
            .Where(s => s.Text.Contains("CreateTempTableForCopying()", StringComparison.Ordinal))
            .Where(s => !Regex.IsMatch(s.Text, @"drop table \{temp\}", RegexOptions.IgnoreCase))
            .Select(s => s.Path)
            .ToList();

        Assert.Contains(Sources.Value, s => s.Text.Contains("CreateTempTableForCopying()", StringComparison.Ordinal)); // the rule still has something to check
        Assert.True(undropped.Count == 0, "A temporary table is created and not dropped in: " + string.Join(", ", undropped));
    }
}
