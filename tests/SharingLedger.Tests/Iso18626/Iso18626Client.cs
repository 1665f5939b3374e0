using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Alba;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// Builds ISO 18626 messages, posts them to the intake, and checks messages in and out against the v1.2 schema: the
/// repository's copy, compiled into the service (<see cref="SharingLedger.Iso18626.Iso18626Schema"/>), so the
/// tests need nothing outside the repository.
/// </summary>
public sealed class Iso18626Client(IAlbaHost host, Guid consortiumId)
{
    public static readonly XNamespace N = "http://illtransactions.org/2013/iso18626";
    private static readonly Lazy<XmlSchemaSet> SchemaSet = new(() =>
        SharingLedger.Iso18626.Iso18626Schema.FromResource(typeof(SharingLedger.Iso18626.Iso18626Schema).Assembly,
            SharingLedger.Iso18626.Iso18626Schema.ResourceName));

    public string Url => $"/consortia/{consortiumId}/iso18626";

    /// <summary>The schema errors of a message (none: valid ISO 18626 v1.2).</summary>
    public static List<string> SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var doc = XDocument.Parse(xml);
        doc.Validate(SchemaSet.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        if (doc.Root?.Name != N + "ISO18626Message") errors.Add("Root is not ISO18626Message.");
        return errors;
    }

    public static void AssertValid(string xml)
    {
        var errors = SchemaErrors(xml);
        Assert.True(errors.Count == 0, "Not valid ISO 18626: " + string.Join(" | ", errors) + "\n" + xml);
    }

    // ---- messages ----

    public static string Message(string inner) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><ISO18626Message xmlns="{N.NamespaceName}" xmlns:ill="{N.NamespaceName}" ill:version="1.2">{inner}</ISO18626Message>""";

    private static string Agency(string id)
    {
        var parts = id.Split(':', 2);
        var (type, value) = parts.Length == 2 ? (parts[0], parts[1]) : ("ISIL", parts[0]);
        return $"<agencyIdType>{type}</agencyIdType><agencyIdValue>{value}</agencyIdValue>";
    }

    public static string Header(string supplier, string requester, string requestId, string timestamp) =>
        $"<header><supplyingAgencyId>{Agency(supplier)}</supplyingAgencyId><requestingAgencyId>{Agency(requester)}</requestingAgencyId>" +
        $"<multipleItemRequestId></multipleItemRequestId><timestamp>{timestamp}</timestamp><requestingAgencyRequestId>{requestId}</requestingAgencyRequestId></header>";

    public static string Request(string supplier, string requester, string requestId, string timestamp = "2026-11-02T09:00:00Z",
        string serviceType = "Loan", string? serviceLevel = "Normal", string? maxCost = null, string title = "A history of lending") =>
        Message($"<request>{Header(supplier, requester, requestId, timestamp)}<bibliographicInfo><title>{title}</title></bibliographicInfo>" +
                $"<serviceInfo><requestType>New</requestType><serviceType>{serviceType}</serviceType>" +
                (serviceLevel is null ? "" : $"<serviceLevel>{serviceLevel}</serviceLevel>") + "</serviceInfo>" +
                (maxCost is null ? "" : $"<billingInfo><maximumCosts><currencyCode>USD</currencyCode><monetaryValue>{maxCost}</monetaryValue></maximumCosts></billingInfo>") +
                "</request>");

    public static string Supplying(string supplier, string requester, string requestId, string status, string lastChange = "2026-11-03T10:00:00Z",
        string reason = "StatusChange", string? answer = null, string? note = null, string? dueDate = null, string? offeredCost = null) =>
        Message($"<supplyingAgencyMessage>{Header(supplier, requester, requestId, lastChange)}<messageInfo><reasonForMessage>{reason}</reasonForMessage>" +
                (answer is null ? "" : $"<answerYesNo>{answer}</answerYesNo>") + (note is null ? "" : $"<note>{note}</note>") +
                (offeredCost is null ? "" : $"<offeredCosts><currencyCode>USD</currencyCode><monetaryValue>{offeredCost}</monetaryValue></offeredCosts>") +
                $"</messageInfo><statusInfo><status>{status}</status>" + (dueDate is null ? "" : $"<dueDate>{dueDate}</dueDate>") +
                $"<lastChange>{lastChange}</lastChange></statusInfo></supplyingAgencyMessage>");

    public static string Requesting(string supplier, string requester, string requestId, string action, string timestamp = "2026-11-05T10:00:00Z", string? note = null) =>
        Message($"<requestingAgencyMessage>{Header(supplier, requester, requestId, timestamp)}<action>{action}</action>" +
                (note is null ? "" : $"<note>{note}</note>") + "</requestingAgencyMessage>");

    // ---- posting ----

    public sealed record Answer(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
    {
        public string? Header(string name) => Headers is not null && Headers.TryGetValue(name, out var v) ? v : null;

        public XElement Root => XDocument.Parse(Body).Root!;
        public XElement Confirmation => Root.Elements().Single();
        public string MessageStatus => Confirmation.Element(N + "confirmationHeader")!.Element(N + "messageStatus")!.Value;
        public string? ErrorType => Confirmation.Element(N + "errorData")?.Element(N + "errorType")?.Value;
        public string? ErrorValue => Confirmation.Element(N + "errorData")?.Element(N + "errorValue")?.Value;
    }

    /// <summary>Posts the message (checked against the schema first unless <paramref name="checkIn"/> is false) and checks the answer against it.</summary>
    public async Task<Answer> Send(string xml, bool checkIn = true, string contentType = "application/xml", string? apiKey = null, string? idempotencyKey = null)
    {
        if (checkIn) AssertValid(xml);
        var bytes = Encoding.UTF8.GetBytes(xml);
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.ConfigureHttpContext(c =>
            {
                c.Request.Method = "POST";
                c.Request.Path = Url;
                c.Request.ContentType = contentType;
                c.Request.Body = new MemoryStream(bytes);
                c.Request.ContentLength = bytes.Length;
            });
            if (apiKey is not null) s.WithRequestHeader("X-Api-Key", apiKey);
            if (idempotencyKey is not null) s.WithRequestHeader("Idempotency-Key", idempotencyKey);
        });
        var answer = new Answer(result.Context.Response.StatusCode, result.Context.Response.ContentType ?? "", await result.ReadAsTextAsync(),
            result.Context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        if (answer.ContentType.Contains("xml")) AssertValid(answer.Body);
        return answer;
    }

    public async Task<Answer> Ok(string xml, string? apiKey = null, bool checkIn = true)
    {
        var answer = await Send(xml, checkIn, apiKey: apiKey);
        Assert.True(answer.Status == 200 && answer.MessageStatus == "OK", $"Expected OK but got {answer.Status}: {answer.Body}");
        return answer;
    }
}
