using System.Text.Json;
using Alba;
using SharingLedger.Tests.Support;
using static SharingLedger.Tests.Iso18626.Iso18626Client;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// ISO 18626 messages in, confirmations out, both checked against the v1.2 schema: requests open loans, the
/// supplier's statuses and the requester's actions move them through the same lifecycle as the JSON API, repeats
/// change nothing, and a message the ledger cannot take is answered ERROR and records nothing.
/// </summary>
public class Iso18626IntakeTests(LedgerHost host) : LedgerTest(host)
{
    private const string A = "ISIL:US-AAA"; // borrower, configured as "ISIL:US-AAA"
    private const string B = "ISIL:US-BBB"; // lender, configured as the bare value "us-bbb"

    private Task<(LoanScenario S, Iso18626Client Iso)> Setup() => Setup(Host, Api);

    /// <summary>Members A (ILL agency ISIL:US-AAA), B (configured as the bare us-bbb) and C (none), with the default fees.</summary>
    internal static async Task<(LoanScenario S, Iso18626Client Iso)> Setup(LedgerHost host, LedgerApi api)
    {
        var s = await LoanScenario.WithDefaultFees(host, api, "A", "B", "C");
        await api.Ok(api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/identifiers", new { illAgencyIds = new[] { "ISIL:US-AAA" } }));
        await api.Ok(api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/identifiers", new { illAgencyIds = new[] { "us-bbb" } }));
        return (s, new Iso18626Client(host.Host, s.ConsortiumId));
    }

    private Task<JsonElement> LoanByRequestId(LoanScenario s, string requestId) => LoanByRequestId(Api, s, requestId);

    internal static async Task<JsonElement> LoanByRequestId(LedgerApi api, LoanScenario s, string requestId)
    {
        var loans = await api.Ok(api.Get($"/consortia/{s.ConsortiumId}/loans?memberId={s.Members["A"]}"));
        return loans.EnumerateArray().Single(l => l.GetProperty("requestId").GetString() == requestId);
    }

    private static string State(JsonElement loan) => loan.GetProperty("state").GetString()!;

    [Fact]
    public async Task A_request_opens_a_loan_and_its_repeat_changes_nothing()
    {
        var (s, iso) = await Setup();
        var answer = await iso.Ok(Request(B, A, "ILL-1", maxCost: "20.00", serviceLevel: "Rush"));
        Assert.Equal("requestConfirmation", answer.Confirmation.Name.LocalName);
        Assert.Equal("ILL-1", answer.Confirmation.Element(N + "confirmationHeader")!.Element(N + "requestingAgencyRequestId")!.Value);

        var loan = await LoanByRequestId(s, "ILL-1");
        Assert.Equal("requested", State(loan));
        Assert.Equal(s.Members["A"], loan.GetProperty("borrowerId").GetGuid());
        Assert.Equal(s.Members["B"], loan.GetProperty("lenderId").GetGuid());
        Assert.Equal("rush", loan.GetProperty("serviceLevel").GetString());
        Assert.Equal("20.00", LoanScenario.Amount(loan, "maxCost"));
        Assert.Equal("2026-11-02", loan.GetProperty("requestedOn").GetString());
        Assert.Equal("A history of lending", loan.GetProperty("title").GetString());

        await iso.Ok(Request(B, A, "ILL-1", maxCost: "20.00", serviceLevel: "Rush"));
        Assert.Equal(1, await s.LoanCount());
        Assert.Equal(1, await s.StoredVersion(loan.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Supplier_statuses_and_requester_actions_move_the_loan_through_its_lifecycle()
    {
        var (s, iso) = await Setup();
        await iso.Ok(Request(B, A, "ILL-2"));
        var id = (await LoanByRequestId(s, "ILL-2")).GetProperty("id").GetGuid();

        var answer = await iso.Ok(Supplying(B, A, "ILL-2", "WillSupply", "2026-11-03T10:00:00Z", reason: "RequestResponse"));
        Assert.Equal("supplyingAgencyMessageConfirmation", answer.Confirmation.Name.LocalName);
        Assert.Equal("RequestResponse", answer.Confirmation.Element(N + "reasonForMessage")!.Value);
        Assert.Equal("willSupply", await s.State(id));

        await iso.Ok(Supplying(B, A, "ILL-2", "Loaned", "2026-11-04T10:00:00Z", dueDate: "2026-12-04T00:00:00Z"));
        var shipped = await s.Loan(id);
        Assert.Equal("shipped", State(shipped));
        Assert.Equal("2026-12-04", shipped.GetProperty("dueDate").GetString());
        Assert.Equal("15.00", LoanScenario.Amount(shipped.GetProperty("charge"), "billed")); // normal loan, posted on shipping
        var version = await s.StoredVersion(id);

        // The same status again: OK, nothing new.
        await iso.Ok(Supplying(B, A, "ILL-2", "Loaned", "2026-11-04T10:00:00Z", dueDate: "2026-12-04T00:00:00Z"));
        Assert.Equal(version, await s.StoredVersion(id));

        answer = await iso.Ok(Requesting(B, A, "ILL-2", "Received", "2026-11-06T09:00:00+08:00"));
        Assert.Equal("requestingAgencyMessageConfirmation", answer.Confirmation.Name.LocalName);
        Assert.Equal("Received", answer.Confirmation.Element(N + "action")!.Value);
        Assert.Equal("received", await s.State(id));

        await iso.Ok(Supplying(B, A, "ILL-2", "Loaned", "2026-11-20T10:00:00Z", reason: "RenewResponse", answer: "Y", dueDate: "2026-12-20T00:00:00Z"));
        Assert.Equal("2026-12-20", (await s.Loan(id)).GetProperty("dueDate").GetString());
        Assert.Equal("received", await s.State(id));

        await iso.Ok(Requesting(B, A, "ILL-2", "ShippedReturn", "2026-11-21T09:00:00Z"));
        Assert.Equal("returnShipped", await s.State(id));
        await iso.Ok(Requesting(B, A, "ILL-2", "ShippedReturn", "2026-11-21T09:00:00Z")); // repeat
        await iso.Ok(Supplying(B, A, "ILL-2", "LoanCompleted", "2026-11-24T10:00:00Z"));
        var done = await s.Loan(id);
        Assert.Equal("loanCompleted", State(done));
        Assert.Equal(["requested", "willSupply", "shipped", "received", "received", "returnShipped", "loanCompleted"],
            done.GetProperty("steps").EnumerateArray().Select(x => x.GetProperty("to").GetString()!).ToArray());
        Assert.Equal("2026-11-06", done.GetProperty("steps")[3].GetProperty("on").GetString());
    }

    [Fact]
    public async Task A_copy_is_completed_with_its_pages_and_a_conditional_offer_is_accepted_by_the_requester()
    {
        var (s, iso) = await Setup();
        await iso.Ok(Request(B, A, "ILL-3", serviceType: "Copy", maxCost: "1.00"));
        var id = (await LoanByRequestId(s, "ILL-3")).GetProperty("id").GetGuid();

        await iso.Ok(Supplying(B, A, "ILL-3", "WillSupply", reason: "RequestResponse", offeredCost: "4.00", note: "Costs more than your maximum"));
        Assert.Equal("conditional", await s.State(id));
        await iso.Ok(Requesting(B, A, "ILL-3", "Notification", note: "#ACCEPT# fine"));
        var accepted = await s.Loan(id);
        Assert.Equal("willSupply", State(accepted));
        Assert.Equal("4.00", LoanScenario.Amount(accepted, "acceptedCost"));

        await iso.Ok(Supplying(B, A, "ILL-3", "CopyCompleted", "2026-11-06T10:00:00Z", note: "Scanned, pages: 25"));
        var copied = await s.Loan(id);
        Assert.Equal("copyCompleted", State(copied));
        Assert.Equal(25, copied.GetProperty("pages").GetInt32());
    }

    [Fact]
    public async Task An_unknown_agency_is_an_error_and_records_nothing()
    {
        var (s, iso) = await Setup();
        var answer = await iso.Send(Request(B, "ISIL:US-ZZZ", "ILL-4"));
        Assert.Equal(200, answer.Status);
        Assert.Equal("ERROR", answer.MessageStatus);
        Assert.Equal("UnrecognisedDataValue", answer.ErrorType);
        Assert.Contains("US-ZZZ", answer.ErrorValue);

        // Member C has no ILL agency id: a supplier message from it is unknown too.
        answer = await iso.Send(Supplying("ISIL:US-CCC", A, "ILL-4", "WillSupply"));
        Assert.Equal("ERROR", answer.MessageStatus);
        Assert.Equal(0, await s.LoanCount());
    }

    [Fact]
    public async Task A_message_for_an_unknown_request_or_from_the_wrong_supplier_is_an_error()
    {
        var (s, iso) = await Setup();
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/identifiers", new { illAgencyIds = new[] { "OCLC:CCC" } }));
        await iso.Ok(Request(B, A, "ILL-5"));
        var id = (await LoanByRequestId(s, "ILL-5")).GetProperty("id").GetGuid();

        var answer = await iso.Send(Supplying(B, A, "NO-SUCH", "WillSupply"));
        Assert.Equal(("ERROR", "UnrecognisedDataValue"), (answer.MessageStatus, answer.ErrorType));
        answer = await iso.Send(Supplying("OCLC:ccc", A, "ILL-5", "WillSupply"));
        Assert.Equal(("ERROR", "UnrecognisedDataValue"), (answer.MessageStatus, answer.ErrorType));
        Assert.Contains("made to member B", answer.ErrorValue);
        Assert.Equal(1, await s.StoredVersion(id));
    }

    [Fact]
    public async Task Badly_formed_messages_are_answered_BadlyFormedMessage_and_record_nothing()
    {
        var (s, iso) = await Setup();
        var notWellFormed = await iso.Send("<ISO18626Message><request>", checkIn: false);
        Assert.Equal(("ERROR", "BadlyFormedMessage"), (notWellFormed.MessageStatus, notWellFormed.ErrorType));

        // Well-formed but not valid: each answered with the error type the standard defines for it (see Iso18626ChecksTests).
        var badStatus = Supplying(B, A, "ILL-6", "Teleported");
        Assert.NotEmpty(SchemaErrors(badStatus));
        var answer = await iso.Send(badStatus, checkIn: false);
        Assert.Equal(("ERROR", "UnrecognisedDataValue"), (answer.MessageStatus, answer.ErrorType));
        Assert.Equal("supplyingAgencyMessageConfirmation", answer.Confirmation.Name.LocalName);

        var unknownElement = Request(B, A, "ILL-6").Replace("</bibliographicInfo>", "</bibliographicInfo><colour>red</colour>");
        answer = await iso.Send(unknownElement, checkIn: false);
        Assert.Equal(("ERROR", "UnrecognisedDataElement"), (answer.MessageStatus, answer.ErrorType));
        Assert.Contains("colour", answer.ErrorValue);
        Assert.Equal("requestConfirmation", answer.Confirmation.Name.LocalName);

        answer = await iso.Send(Supplying(B, A, "ILL-6", "WillSupply", reason: "Gossip"), checkIn: false);
        Assert.Equal(("ERROR", "UnsupportedReasonForMessageType"), (answer.MessageStatus, answer.ErrorType));
        Assert.Null(answer.Confirmation.Element(N + "reasonForMessage")); // never echoed: it would make the answer invalid

        var noTimestamp = Request(B, A, "ILL-6").Replace("<timestamp>2026-11-02T09:00:00Z</timestamp>", "");
        Assert.NotEmpty(SchemaErrors(noTimestamp));
        answer = await iso.Send(noTimestamp, checkIn: false);
        Assert.Equal(("ERROR", "BadlyFormedMessage"), (answer.MessageStatus, answer.ErrorType));

        // No DTDs, so no external entities.
        var xxe = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ISO18626Message>&x;</ISO18626Message>""";
        answer = await iso.Send(xxe, checkIn: false);
        Assert.Equal(("ERROR", "BadlyFormedMessage"), (answer.MessageStatus, answer.ErrorType));
        Assert.DoesNotContain("root:", answer.Body);
        Assert.Equal(0, await s.LoanCount());
    }

    [Fact]
    public async Task A_transition_the_lifecycle_does_not_allow_is_an_error_naming_the_state()
    {
        var (s, iso) = await Setup();
        await iso.Ok(Request(B, A, "ILL-7"));
        var id = (await LoanByRequestId(s, "ILL-7")).GetProperty("id").GetGuid();

        var answer = await iso.Send(Requesting(B, A, "ILL-7", "Received"));
        Assert.Equal(("ERROR", "UnrecognisedDataValue"), (answer.MessageStatus, answer.ErrorType));
        Assert.Contains("state 'requested' cannot take 'received'", answer.ErrorValue);
        Assert.Equal(1, await s.StoredVersion(id));

        answer = await iso.Send(Requesting(B, A, "ILL-7", "ShippedForward"));
        Assert.Equal(("ERROR", "UnsupportedActionType"), (answer.MessageStatus, answer.ErrorType));
        Assert.Equal(1, await s.StoredVersion(id));
    }

    [Fact]
    public async Task A_member_system_sends_only_as_its_own_agency_and_the_intake_takes_only_xml()
    {
        var (s, iso) = await Setup();
        var keyOf = async (string code) => (await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/api-keys",
            new { label = code, roles = new[] { "member" }, memberId = s.Members[code] }), 201)).GetProperty("key").GetString()!;
        var (a, b) = (await keyOf("A"), await keyOf("B"));

        var refused = await iso.Send(Request(B, A, "ILL-8"), apiKey: b); // B cannot request in A's name
        Assert.Equal(403, refused.Status);
        Assert.Equal("ERROR", refused.MessageStatus);
        Assert.Equal(0, await s.LoanCount());

        await iso.Ok(Request(B, A, "ILL-8"), apiKey: a);
        Assert.Equal(403, (await iso.Send(Supplying(B, A, "ILL-8", "WillSupply"), apiKey: a)).Status); // only the supplier answers
        await iso.Ok(Supplying(B, A, "ILL-8", "WillSupply"), apiKey: b);

        var json = await iso.Send("{}", checkIn: false, contentType: "application/json");
        Assert.Equal(415, json.Status);
        Assert.Contains("problem+json", json.ContentType);
        await iso.Ok(Supplying(B, A, "ILL-8", "WillSupply"), apiKey: b); // text/xml is fine too, and still a repeat
        Assert.Equal(200, (await iso.Send(Supplying(B, A, "ILL-8", "WillSupply"), contentType: "text/xml; charset=utf-8")).Status);
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_first_answer_and_another_message_with_it_is_refused()
    {
        var (s, iso) = await Setup();
        var key = "iso-" + Guid.NewGuid().ToString("N");
        var first = await iso.Send(Request(B, A, "ILL-9"), idempotencyKey: key);
        var second = await iso.Send(Request(B, A, "ILL-9"), idempotencyKey: key);
        Assert.Equal((200, "OK"), (first.Status, first.MessageStatus));
        Assert.Equal(first.Body, second.Body); // the first answer itself, timestamps and all
        Assert.Equal(1, await s.LoanCount());

        var other = await iso.Send(Request(B, A, "ILL-10"), idempotencyKey: key);
        Assert.Equal(422, other.Status);
        Assert.Contains("problem+json", other.ContentType);
        Assert.Equal(1, await s.LoanCount());
    }
}
