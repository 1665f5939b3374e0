using System.Text;
using System.Xml;
using System.Xml.Linq;
using NodaTime;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Iso18626;

/// <summary>The ISO 18626 error types (type_errorType of the schema).</summary>
public static class Iso18626Errors
{
    public const string UnsupportedActionType = "UnsupportedActionType";
    public const string UnsupportedReasonForMessageType = "UnsupportedReasonForMessageType";
    public const string UnrecognisedDataElement = "UnrecognisedDataElement";
    public const string UnrecognisedDataValue = "UnrecognisedDataValue";
    public const string BadlyFormedMessage = "BadlyFormedMessage";
}

/// <summary>What the intake answers a message with: OK, or ERROR with the standard's error type and a value saying why.</summary>
public sealed record Iso18626Outcome(bool Ok, string? ErrorType = null, string? ErrorValue = null)
{
    public static readonly Iso18626Outcome Accepted = new(true);
    public static Iso18626Outcome Error(string type, string value) => new(false, type, value);
}

/// <summary>Writes requestConfirmation / supplyingAgencyMessageConfirmation / requestingAgencyMessageConfirmation.</summary>
public static class Iso18626Confirmations
{
    private static readonly XNamespace N = Iso18626Xml.N;

    public static string Write(Iso18626Kind kind, Iso18626Header? header, XElement? body, Iso18626Outcome outcome, Instant now)
    {
        var stamp = XmlConvert.ToString(now.ToDateTimeOffset(), "yyyy-MM-ddTHH:mm:ss.fffZ");
        var confirmationHeader = new XElement(N + "confirmationHeader",
            header is null ? null : Agency("supplyingAgencyId", header.Supplying),
            header is null ? null : Agency("requestingAgencyId", header.Requesting),
            new XElement(N + "timestamp", stamp),
            header is null ? null : new XElement(N + "requestingAgencyRequestId", header.RequestId),
            new XElement(N + "timestampReceived", Echo("timestampReceived", header?.TimestampText) ?? stamp),
            new XElement(N + "messageStatus", outcome.Ok ? "OK" : "ERROR"));
        // The reason or action is echoed only when the schema allows it there: an answer never carries an invalid value.
        var echo = kind switch
        {
            Iso18626Kind.SupplyingAgencyMessage => Echo("reasonForMessage", body?.Element(N + "messageInfo")?.Element(N + "reasonForMessage")?.Value) is { } reason
                ? new XElement(N + "reasonForMessage", reason) : null,
            Iso18626Kind.RequestingAgencyMessage => Echo("action", body?.Element(N + "action")?.Value) is { } action ? new XElement(N + "action", action) : null,
            _ => null,
        };
        var error = outcome.Ok ? null : new XElement(N + "errorData",
            new XElement(N + "errorType", outcome.ErrorType),
            outcome.ErrorValue is null ? null : new XElement(N + "errorValue", Truncate(outcome.ErrorValue, 2000)));
        var message = new XElement(N + "ISO18626Message",
            new XAttribute(XNamespace.Xmlns + "ill", N.NamespaceName),
            new XAttribute(N + "version", "1.2"),
            new XElement(N + Iso18626Xml.ConfirmationName(kind), confirmationHeader, echo, error));

        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(new Utf8StringWriter(sb), new XmlWriterSettings { Indent = true, Encoding = Encoding.UTF8 }))
            new XDocument(new XDeclaration("1.0", "UTF-8", null), message).Save(writer);
        return sb.ToString();
    }

    private static string? Echo(string element, string? value) =>
        value?.Trim() is { Length: > 0 } v && Iso18626Checks.Allows(element, v) ? v : null;

    private static XElement Agency(string name, AgencyId id) =>
        new(N + name, new XElement(N + "agencyIdType", id.Type), new XElement(N + "agencyIdValue", id.Value));

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
