using System.Reflection;
using System.Text.RegularExpressions;
using SharingLedger.Access;
using Wolverine;

namespace SharingLedger.Host;

/// <summary>
/// The names of the settings SharingLedger reads under its own sections (docs/architecture.md, "Settings"), and the check that
/// refuses any other name there as the host or a command starts. A misspelt setting is otherwise ignored without a word: a
/// mistyped <c>Tenancy__NewConsortiaIn</c> puts new consortia in the main database, a mistyped operator key leaves the service
/// without its way in (docs/decisions.md, "A setting SharingLedger does not read stops it at start").
/// </summary>
public static class Settings
{
    /// <summary>One segment of any name (a database's name, a consortium's id).</summary>
    private const string Any = "*";

    /// <summary>A position in a list (0, 1, ...).</summary>
    private const string Index = "#";

    /// <summary>Every setting the service reads, <c>*</c> and <c>#</c> standing for a name's variable segments.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        // The second is .NET's own, beside a connection string given as SQLCONNSTR_Ledger (and the like) on hosts that set those.
        "ConnectionStrings:Ledger", "ConnectionStrings:Ledger_ProviderName",
        $"Tenancy:Databases:{Any}", "Tenancy:NewConsortiaIn", $"Tenancy:Consortia:{Any}",
        $"Auth:OperatorKeys:{Index}:Name", $"Auth:OperatorKeys:{Index}:Key", $"Auth:OperatorKeys:{Index}:Roles",
        "Auth:Jwt:Issuer", "Auth:Jwt:Audience", "Auth:Jwt:SigningKey", "Auth:Jwt:Authority", "Auth:Jwt:RequireHttpsMetadata",
        "Limits:RequestsPerMinute", "Limits:RequestsPerMinute:Default",
        .. Roles.All.Append(CallerLimits.Operator).Append(CallerLimits.Anonymous).Select(kind => $"Limits:RequestsPerMinute:{Capitalised(kind)}"),
        "Limits:MaxBodyBytes", Loans.Import.ImportLoansEndpoint.MaxBodySetting, "Limits:MaxImportRows", "Limits:MaxPageSize",
        "Projections:DaemonMode", "Projections:Distribution",
        .. typeof(DurabilitySettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .Select(p => $"Durability:{p.Name}"),
        "Startup:WarmUpSeconds",
        "Health:MaxProjectionLag", "Audit:ChainCheckSeconds", "Audit:ChainGraceSeconds",
        "Demo:Seed", "DataProtection:KeysPath", "Telemetry:OtlpEndpoint",
        "Sushi:TimeoutSeconds", "Sushi:MaxAnswerBytes", $"Sushi:RetryDelays:{Index}", "Sushi:ScheduledPolling",
        "Codegen:OutputPath", "EmbeddedPostgres:DataRoot", "EmbeddedPostgres:Name",
    ];

    /// <summary>The sections that are the service's own: any name under them must be one of <see cref="Names"/>.</summary>
    public static IReadOnlySet<string> Sections { get; } = Names.Select(n => n.Split(':')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Regex[] Patterns = Names.Select(n => new Regex(
        "^" + string.Join(":", n.Split(':').Select(s => s switch { Any => "[^:]+", Index => "[0-9]+", _ => Regex.Escape(s) })) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();

    /// <summary>The names under the service's sections that it does not read, each with the known name it is nearest to, if any.</summary>
    public static IReadOnlyList<(string Name, string? Meant)> Unknown(IConfiguration configuration) =>
        configuration.GetChildren().Where(s => Sections.Contains(s.Key)).SelectMany(Given)
            .Where(name => !Patterns.Any(p => p.IsMatch(name)))
            .Select(name => (name, Nearest(name)))
            .OrderBy(s => s.name, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// The names given a value under <paramref name="section"/>: its leaves, and a section of its own that is also given a value (a
    /// section some providers list with an empty value only because names below it are given is not one).
    /// </summary>
    private static IEnumerable<string> Given(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0 || !string.IsNullOrEmpty(section.Value)) yield return section.Path;
        foreach (var name in children.SelectMany(Given)) yield return name;
    }

    /// <summary>Stops the start when a name under the service's sections is not one it reads, saying which and what was likely meant.</summary>
    public static void Check(IConfiguration configuration)
    {
        var unknown = Unknown(configuration);
        if (unknown.Count == 0) return;
        throw new UnknownSettingsException(
            "SharingLedger does not read " + (unknown.Count == 1 ? "this setting" : "these settings") + ":\n" +
            string.Join("\n", unknown.Select(u => $"  {u.Name}" + (u.Meant is null ? "" : $" (did you mean {u.Meant}?)"))) + "\n" +
            $"Under {string.Join(", ", Sections.Order())} only the settings listed in docs/architecture.md (\"Settings\") are read; " +
            "correct or remove the name (as an environment variable, ':' is written '__'), so that no setting is ignored unnoticed.");
    }

    /// <summary>The known name spelt most like <paramref name="name"/> (its variable segments taken from it), if any is close.</summary>
    private static string? Nearest(string name)
    {
        var segments = name.Split(':');
        var candidates = Names.Select(n => n.Split(':')).Where(n => n.Length == segments.Length)
            .Select(n => string.Join(":", n.Select((s, i) => s switch
            {
                Any => segments[i],
                Index => segments[i].All(char.IsAsciiDigit) ? segments[i] : "0",
                _ => s,
            })))
            .Select(n => (Name: n, Distance: Distance(n.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ToList();
        return candidates.FirstOrDefault() is { Name: not null } best && best.Distance <= Math.Max(2, name.Split(':')[^1].Length / 3) ? best.Name : null;
    }

    /// <summary>Edits (a character inserted, removed or changed) from one text to the other.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var (diagonal, row0) = (row[0], i);
            row[0] = row0;
            for (var j = 1; j <= b.Length; j++)
            {
                var next = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                (diagonal, row[j]) = (row[j], next);
            }
        }
        return row[b.Length];
    }

    private static string Capitalised(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];
}

/// <summary>Raised at start when a setting under the service's own sections is not one it reads (<see cref="Settings"/>).</summary>
public sealed class UnknownSettingsException(string message) : Exception(message);
