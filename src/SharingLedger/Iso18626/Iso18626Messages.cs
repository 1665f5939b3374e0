using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using NodaTime;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Iso18626;

/// <summary>An agency id of an ISO 18626 header (agencyIdType + agencyIdValue), e.g. ISIL:US-ABC.</summary>
public sealed record AgencyId(string Type, string Value)
{
    public override string ToString() => Type.Length == 0 ? Value : $"{Type}:{Value}";

    /// <summary>A member's configured ILL agency id matches as "TYPE:VALUE" or as the bare value, ignoring case.</summary>
    public bool Matches(string configured) =>
        string.Equals(configured, ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(configured, Value, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The header every ISO 18626 message carries; <see cref="Element"/> keeps the original for the confirmation.</summary>
public sealed record Iso18626Header(XElement Element, AgencyId Supplying, AgencyId Requesting, string RequestId, string TimestampText)
{
    public XElement? SupplyingElement => Element.Element(Iso18626Xml.N + "supplyingAgencyId");
    public XElement? RequestingElement => Element.Element(Iso18626Xml.N + "requestingAgencyId");
}

/// <summary>The kinds of message the intake takes, and the confirmation each is answered with.</summary>
public enum Iso18626Kind { Request, SupplyingAgencyMessage, RequestingAgencyMessage }

public sealed record Iso18626Parsed(Iso18626Kind Kind, XElement Body, Iso18626Header Header);

/// <summary>
/// Why a message could not be taken: the standard's error type (BadlyFormedMessage unless it reads as XML of the right
/// structure, see <see cref="Iso18626Checks"/>), with the kind it seemed to be (for the confirmation).
/// </summary>
public sealed record Iso18626Unreadable(Iso18626Kind Kind, string Reason, Iso18626Header? Header = null,
    string ErrorType = Iso18626Errors.BadlyFormedMessage);

/// <summary>Reading ISO 18626 XML safely: no DTD, no resolver, always validated against the schema.</summary>
public static partial class Iso18626Xml
{
    public static readonly XNamespace N = Iso18626Schema.Namespace;

    public static string ConfirmationName(Iso18626Kind kind) => kind switch
    {
        Iso18626Kind.Request => "requestConfirmation",
        Iso18626Kind.SupplyingAgencyMessage => "supplyingAgencyMessageConfirmation",
        _ => "requestingAgencyMessageConfirmation",
    };

    public static object Parse(byte[] body, XmlSchemaSet schema)
    {
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), Iso18626Schema.SafeSettings());
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return new Iso18626Unreadable(Iso18626Kind.Request, "Not well-formed XML: " + e.Message);
        }
        var root = doc.Root!;
        var inner = root.Elements().FirstOrDefault();
        if (root.Name != N + "ISO18626Message" || inner is null)
            return new Iso18626Unreadable(Iso18626Kind.Request, $"The root element must be ISO18626Message in namespace {N.NamespaceName} with one message in it.");
        Iso18626Kind? kind = inner.Name.LocalName switch
        {
            "request" => Iso18626Kind.Request,
            "supplyingAgencyMessage" => Iso18626Kind.SupplyingAgencyMessage,
            "requestingAgencyMessage" => Iso18626Kind.RequestingAgencyMessage,
            _ => null,
        };
        if (kind is not null) Iso18626Checks.MakeLenient(inner);
        var header = ReadHeader(inner.Element(N + "header"));
        if (kind is null)
            return new Iso18626Unreadable(Iso18626Kind.Request, $"'{inner.Name.LocalName}' is not a message the ledger takes (request, supplyingAgencyMessage, requestingAgencyMessage).", header);
        if (Iso18626Checks.Check(doc, schema) is { } problem) return new Iso18626Unreadable(kind.Value, problem.Value, header, problem.ErrorType);
        if (header is null) return new Iso18626Unreadable(kind.Value, "The header is missing or incomplete.");
        return new Iso18626Parsed(kind.Value, inner, header);
    }

    private static Iso18626Header? ReadHeader(XElement? header)
    {
        if (header is null) return null;
        var supplying = Agency(header.Element(N + "supplyingAgencyId"));
        var requesting = Agency(header.Element(N + "requestingAgencyId"));
        var requestId = header.Element(N + "requestingAgencyRequestId")?.Value.Trim();
        var timestamp = header.Element(N + "timestamp")?.Value.Trim();
        if (supplying is null || requesting is null || string.IsNullOrEmpty(requestId) || string.IsNullOrEmpty(timestamp)) return null;
        return new Iso18626Header(header, supplying, requesting, requestId, timestamp);
    }

    private static AgencyId? Agency(XElement? e)
    {
        var value = e?.Element(N + "agencyIdValue")?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : new AgencyId(e!.Element(N + "agencyIdType")?.Value.Trim() ?? "", value);
    }

    public static string? Text(XElement parent, params string[] path)
    {
        XElement? e = parent;
        foreach (var name in path) e = e?.Element(N + name);
        var text = e?.Value.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>
    /// The business date of an xs:dateTime: with a zone (Z or ±hh:mm), the date in the consortium's time zone;
    /// without one, the date as written.
    /// </summary>
    public static LocalDate? Date(string? text, DateTimeZone zone)
    {
        if (text is null) return null;
        try
        {
            if (ZoneSuffix().IsMatch(text))
                return Instant.FromDateTimeOffset(XmlConvert.ToDateTimeOffset(text)).InZone(zone).Date;
            return LocalDateTime.FromDateTime(XmlConvert.ToDateTime(text, XmlDateTimeSerializationMode.Unspecified)).Date;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex ZoneSuffix();
}
