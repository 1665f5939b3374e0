using System.Text;
using System.Xml.Linq;
using NodaTime;
using SharingLedger.Iso18626;
using static SharingLedger.Tests.Iso18626.Iso18626Client;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// How the intake reads a message, without a database: the error type ISO 18626 defines for each way a message can be
/// wrong (BadlyFormedMessage only for what cannot be read or has the wrong structure), the leniency peers need (v1.1
/// headers, +hhmm offsets), confirmations that are themselves valid whatever came in, and the business date.
/// </summary>
public class Iso18626ChecksTests
{
    private const string A = "ISIL:US-AAA";
    private const string B = "ISIL:US-BBB";

    private static object Parse(string xml) => Iso18626Xml.Parse(Encoding.UTF8.GetBytes(xml), Iso18626Schema.Set);

    private static Iso18626Unreadable Refused(string xml) => Assert.IsType<Iso18626Unreadable>(Parse(xml));

    public static TheoryData<string, string, string, string> Wrong => new()
    {
        // name, the message, the error type the standard defines, a word the answer names
        { "unknown action", Requesting(B, A, "R1", "Teleport"), "UnsupportedActionType", "Teleport" },
        { "unknown reason", Supplying(B, A, "R1", "WillSupply", reason: "Gossip"), "UnsupportedReasonForMessageType", "Gossip" },
        { "unknown status", Supplying(B, A, "R1", "Teleported"), "UnrecognisedDataValue", "Teleported" },
        { "unknown service type", Request(B, A, "R1", serviceType: "Teleport"), "UnrecognisedDataValue", "serviceType" },
        { "answer not Y or N", Supplying(B, A, "R1", "Cancelled", reason: "CancelResponse", answer: "Maybe"), "UnrecognisedDataValue", "answerYesNo" },
        { "not a date", Supplying(B, A, "R1", "Loaned", dueDate: "next week"), "UnrecognisedDataValue", "dueDate" },
        { "not a number", Supplying(B, A, "R1", "WillSupply", offeredCost: "four"), "UnrecognisedDataValue", "monetaryValue" },
        { "unknown element", Request(B, A, "R1").Replace("</bibliographicInfo>", "</bibliographicInfo><colour>red</colour>"), "UnrecognisedDataElement", "colour" },
        { "missing timestamp", Request(B, A, "R1").Replace("<timestamp>2026-11-02T09:00:00Z</timestamp>", ""), "BadlyFormedMessage", "timestamp" },
        { "elements out of order", Requesting(B, A, "R1", "Received", note: "x").Replace("<action>Received</action><note>x</note>", "<note>x</note><action>Received</action>"),
            "BadlyFormedMessage", "" },
        { "not XML", "<ISO18626Message><request>", "BadlyFormedMessage", "" },
        { "wrong root", "<message xmlns=\"http://illtransactions.org/2013/iso18626\"/>", "BadlyFormedMessage", "ISO18626Message" },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void Each_way_a_message_is_wrong_gets_the_error_type_the_standard_defines(string name, string xml, string errorType, string named)
    {
        var refused = Refused(xml);
        Assert.True(refused.ErrorType == errorType, $"{name}: expected {errorType}, got {refused.ErrorType} ({refused.Reason})");
        Assert.Contains(named, refused.Reason);
    }

    [Fact]
    public void The_error_types_come_from_the_schema_in_the_service_alone()
    {
        // The same message read twice, with nothing but the embedded schema: the same answer (no file, no setting decides it).
        var xml = Requesting(B, A, "R1", "Teleport");
        var (first, again) = (Refused(xml), Refused(xml));
        Assert.Equal((first.ErrorType, first.Reason), (again.ErrorType, again.Reason));
        Assert.True(Iso18626Checks.Allows("action", "Renew"));
        Assert.False(Iso18626Checks.Allows("action", "Teleport"));
        Assert.False(Iso18626Checks.IsDataElement("colour"));
    }

    [Fact]
    public void A_confirmation_never_echoes_a_value_the_schema_does_not_allow()
    {
        foreach (var (xml, kind) in new[] { (Requesting(B, A, "R1", "Teleport"), "requestingAgencyMessageConfirmation"),
                     (Supplying(B, A, "R1", "WillSupply", reason: "Gossip"), "supplyingAgencyMessageConfirmation") })
        {
            var refused = Refused(xml);
            var answer = Iso18626Confirmations.Write(refused.Kind, refused.Header, XDocument.Parse(xml).Root!.Elements().Single(),
                Iso18626Outcome.Error(refused.ErrorType, refused.Reason), Instant.FromUtc(2026, 11, 5, 10, 0));
            AssertValid(answer);
            var confirmation = XDocument.Parse(answer).Root!.Elements().Single();
            Assert.Equal(kind, confirmation.Name.LocalName);
            Assert.Null(confirmation.Element(N + "action"));
            Assert.Null(confirmation.Element(N + "reasonForMessage"));
            Assert.Equal("R1", confirmation.Element(N + "confirmationHeader")!.Element(N + "requestingAgencyRequestId")!.Value);
        }

        // A valid action is echoed back.
        var ok = Assert.IsType<Iso18626Parsed>(Parse(Requesting(B, A, "R1", "Renew")));
        var echoed = XDocument.Parse(Iso18626Confirmations.Write(ok.Kind, ok.Header, ok.Body, Iso18626Outcome.Accepted, Instant.FromUtc(2026, 11, 5, 10, 0)));
        Assert.Equal("Renew", echoed.Root!.Elements().Single().Element(N + "action")!.Value);
    }

    [Fact]
    public void A_2014_edition_message_and_a_compact_offset_are_taken()
    {
        var v11 = Request(B, A, "R1", timestamp: "2026-11-02T09:00:00+0800")
            .Replace("<multipleItemRequestId></multipleItemRequestId>", "").Replace("ill:version=\"1.2\"", "ill:version=\"1.1\"");
        Assert.NotEmpty(SchemaErrors(v11)); // as sent, the v1.2 schema refuses it
        var parsed = Assert.IsType<Iso18626Parsed>(Parse(v11));
        Assert.Equal("2026-11-02T09:00:00+08:00", parsed.Header.TimestampText);
        var answer = Iso18626Confirmations.Write(parsed.Kind, parsed.Header, parsed.Body, Iso18626Outcome.Accepted, Instant.FromUtc(2026, 11, 5, 10, 0));
        AssertValid(answer);
        Assert.Equal("2026-11-02T09:00:00+08:00", XDocument.Parse(answer).Descendants(N + "timestampReceived").Single().Value);
    }

    [Fact]
    public void The_business_date_is_the_first_real_date_of_the_message_never_after_its_receipt()
    {
        var zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
        var received = new LocalDate(2026, 11, 5);
        Assert.Equal(new LocalDate(2026, 11, 3), Iso18626Mapping.BusinessDate(zone, received, "2026-11-02T18:00:00Z")); // 02:00 next day in Shanghai
        Assert.Equal(new LocalDate(2026, 11, 4), Iso18626Mapping.BusinessDate(zone, received, "0001-01-01T00:00:00Z", "2026-11-04T01:00:00+08:00"));
        Assert.Equal(received, Iso18626Mapping.BusinessDate(zone, received, "0001-01-01T00:00:00.000Z"));
        Assert.Equal(received, Iso18626Mapping.BusinessDate(zone, received, "2026-11-09T00:00:00Z")); // the sender's clock is ahead
    }
}
