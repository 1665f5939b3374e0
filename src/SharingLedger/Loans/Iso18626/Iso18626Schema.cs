using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace SharingLedger.Loans.Iso18626;

/// <summary>
/// The ISO 18626 schema (2017, v1.2) incoming messages are validated against. The file is not part of the project:
/// it is read from <c>Iso18626:SchemaPath</c> when configured, else from <c>shared/iso18626/ISO-18626-v1_2.xsd</c> in
/// the first folder above the application that has it (the repository's sibling <c>../shared</c>). Without it the intake
/// still parses strictly and checks every element it reads, but does not validate the whole message.
/// </summary>
public static class Iso18626Schema
{
    public const string Namespace = "http://illtransactions.org/2013/iso18626";
    public const string FileName = "ISO-18626-v1_2.xsd";
    public const string ConfigKey = "Iso18626:SchemaPath";

    private static readonly ConcurrentDictionary<string, XmlSchemaSet> Loaded = new();

    /// <summary>Reader settings for anything from outside: no DTDs, no external entities or resolution, bounded size.</summary>
    public static XmlReaderSettings SafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 2_000_000,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "iso18626", FileName);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The compiled schema, or null when the file cannot be found.</summary>
    public static XmlSchemaSet? Load(string? configured)
    {
        var path = Locate(configured);
        if (path is null) return null;
        return Loaded.GetOrAdd(path, p =>
        {
            var set = new XmlSchemaSet { XmlResolver = null };
            using var reader = XmlReader.Create(p, SafeSettings());
            set.Add(Namespace, reader);
            set.Compile();
            return set;
        });
    }
}
