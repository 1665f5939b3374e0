using System.Reflection;
using System.Xml;
using System.Xml.Schema;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Iso18626;

/// <summary>
/// The ISO 18626 schema (2017, v1.2) every incoming message is validated against. It is part of the service: a copy of
/// the steering repository's <c>shared/iso18626/ISO-18626-v1_2.xsd</c> in <c>Iso18626/Schema/</c>, compiled into
/// the assembly as an embedded resource and loaded from there, never from the file system. It is loaded and compiled
/// when the service starts (<see cref="EnsureLoaded"/>): without it the service does not start, so validation is never
/// skipped.
/// </summary>
public static class Iso18626Schema
{
    public const string Namespace = "http://illtransactions.org/2013/iso18626";
    public const string FileName = "ISO-18626-v1_2.xsd";
    public const string ResourceName = "SharingLedger.Iso18626.Schema." + FileName;

    private static readonly Lazy<XmlSchemaSet> Compiled = new(() => FromResource(typeof(Iso18626Schema).Assembly, ResourceName));

    /// <summary>The compiled schema. Throws <see cref="InvalidOperationException"/> when it cannot be loaded or compiled.</summary>
    public static XmlSchemaSet Set => Compiled.Value;

    /// <summary>Loads and compiles the schema now; called at start so that a missing or broken schema stops the service.</summary>
    public static void EnsureLoaded()
    {
        var set = Set;
        if (!set.Contains(Namespace) || set.GlobalElements[new XmlQualifiedName("ISO18626Message", Namespace)] is null)
            throw new InvalidOperationException($"The embedded ISO 18626 schema does not declare ISO18626Message in {Namespace}.");
    }

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

    /// <summary>Compiles the schema embedded in <paramref name="assembly"/> as <paramref name="resourceName"/>.</summary>
    public static XmlSchemaSet FromResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"The ISO 18626 schema is not embedded in {assembly.GetName().Name} as '{resourceName}'; the service cannot validate ILL messages without it.");
        return Compile(stream);
    }

    /// <summary>Compiles a schema for the ISO 18626 namespace; no includes or imports are resolved (the schema has none).</summary>
    public static XmlSchemaSet Compile(Stream schema)
    {
        try
        {
            var set = new XmlSchemaSet { XmlResolver = null };
            using var reader = XmlReader.Create(schema, SafeSettings());
            set.Add(Namespace, reader);
            set.Compile();
            return set;
        }
        catch (Exception e) when (e is XmlException or XmlSchemaException)
        {
            throw new InvalidOperationException("The ISO 18626 schema cannot be compiled: " + e.Message, e);
        }
    }
}
