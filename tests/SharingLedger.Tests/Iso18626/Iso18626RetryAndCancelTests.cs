using SharingLedger.Tests.Support;
using static SharingLedger.Tests.Iso18626.Iso18626Client;
using SharingLedger.Tests.Loans;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// Over HTTP: a copy of a message already applied is answered OK at any later time and records nothing; the requester's
/// Cancel is a request the supplier answers (N keeps the loan going, Y cancels it); 2014-edition messages, +hhmm offsets
/// and a sender's zero time are taken as peers send them. Today is 2026-11-27 in the consortium (Asia/Shanghai).
/// </summary>
public class Iso18626RetryAndCancelTests(LedgerHost host) : LedgerTest(host)
{
    private const string A = "ISIL:US-AAA";
    private const string B = "ISIL:US-BBB";

    [Fact]
    public async Task A_late_copy_of_an_applied_message_is_answered_OK_and_records_nothing()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        var request = Request(B, A, "RT-1");
        await iso.Ok(request);
        var id = (await Iso18626IntakeTests.LoanByRequestId(Api, s, "RT-1")).GetProperty("id").GetGuid();
        var willSupply = Supplying(B, A, "RT-1", "WillSupply", "2026-11-03T10:00:00Z", reason: "RequestResponse");
        await iso.Ok(willSupply);
        await iso.Ok(Supplying(B, A, "RT-1", "Loaned", "2026-11-04T10:00:00Z"));
        var received = Requesting(B, A, "RT-1", "Received", "2026-11-06T09:00:00Z");
        await iso.Ok(received);
        await iso.Ok(Requesting(B, A, "RT-1", "ShippedReturn", "2026-11-20T09:00:00Z"));
        var version = await s.StoredVersion(id);

        // The supplier's system retries WillSupply and the requester's Received long after the loan moved on.
        foreach (var late in new[] { willSupply, received, request })
        {
            var answer = await iso.Send(late);
            Assert.True(answer.MessageStatus == "OK", answer.Body);
        }
        // Not a byte-for-byte copy (a new header timestamp) but the same step on the same date: also already applied.
        await iso.Ok(Supplying(B, A, "RT-1", "Loaned", "2026-11-04T10:00:00Z").Replace("<timestamp>2026-11-04T10:00:00Z</timestamp>", "<timestamp>2026-11-25T10:00:00Z</timestamp>"));
        Assert.Equal(version, await s.StoredVersion(id));
        Assert.Equal("returnShipped", await s.State(id));
        Assert.Equal(1, await s.LoanCount());
    }

    [Fact]
    public async Task A_copy_of_a_request_after_it_ended_retry_possible_opens_nothing_new()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        var request = Request(B, A, "RT-2");
        await iso.Ok(request);
        await iso.Ok(Supplying(B, A, "RT-2", "RetryPossible", reason: "RequestResponse"));
        await iso.Ok(request);
        Assert.Equal(1, await s.LoanCount());
    }

    [Fact]
    public async Task A_cancel_is_a_request_the_supplier_may_decline_and_the_loan_goes_on()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        await iso.Ok(Request(B, A, "RT-3"));
        var id = (await Iso18626IntakeTests.LoanByRequestId(Api, s, "RT-3")).GetProperty("id").GetGuid();
        await iso.Ok(Supplying(B, A, "RT-3", "WillSupply", "2026-11-03T10:00:00Z", reason: "RequestResponse"));

        await iso.Ok(Requesting(B, A, "RT-3", "Cancel", "2026-11-04T09:00:00Z"));
        var asked = await s.Loan(id);
        Assert.Equal("willSupply", asked.GetProperty("state").GetString()); // asked, not cancelled
        Assert.Equal("2026-11-04", asked.GetProperty("cancellationRequestedOn").GetString());

        await iso.Ok(Supplying(B, A, "RT-3", "WillSupply", "2026-11-04T12:00:00Z", reason: "CancelResponse", answer: "N"));
        var declined = await s.Loan(id);
        Assert.Equal("willSupply", declined.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, declined.GetProperty("cancellationRequestedOn").ValueKind);

        await iso.Ok(Supplying(B, A, "RT-3", "Loaned", "2026-11-05T10:00:00Z")); // the loan goes on: shipped and charged
        var shipped = await s.Loan(id);
        Assert.Equal("shipped", shipped.GetProperty("state").GetString());
        Assert.Equal("15.00", LoanScenario.Amount(shipped.GetProperty("charge"), "billed"));

        var tooLate = await iso.Send(Requesting(B, A, "RT-3", "Cancel", "2026-11-06T09:00:00Z"));
        Assert.Equal(("ERROR", "UnrecognisedDataValue"), (tooLate.MessageStatus, tooLate.ErrorType));
        Assert.Contains("state 'shipped'", tooLate.ErrorValue);
    }

    [Fact]
    public async Task A_cancel_the_supplier_accepts_ends_the_request()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        await iso.Ok(Request(B, A, "RT-4"));
        var id = (await Iso18626IntakeTests.LoanByRequestId(Api, s, "RT-4")).GetProperty("id").GetGuid();
        await iso.Ok(Requesting(B, A, "RT-4", "Cancel", "2026-11-04T09:00:00Z"));
        Assert.Equal("requested", await s.State(id));
        await iso.Ok(Supplying(B, A, "RT-4", "Cancelled", "2026-11-04T12:00:00Z", reason: "CancelResponse", answer: "Y"));
        Assert.Equal("cancelled", await s.State(id));
        var loaned = await iso.Send(Supplying(B, A, "RT-4", "Loaned", "2026-11-05T10:00:00Z"));
        Assert.Equal("ERROR", loaned.MessageStatus);
    }

    [Fact]
    public async Task A_2014_edition_request_with_a_compact_offset_and_a_zero_time_is_taken_on_its_receipt_date()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        var v11 = Request(B, A, "RT-5", timestamp: "0001-01-01T00:00:00+0000")
            .Replace("<multipleItemRequestId></multipleItemRequestId>", "").Replace("ill:version=\"1.2\"", "ill:version=\"1.1\"");
        var answer = await iso.Send(v11, checkIn: false);
        Assert.True(answer.MessageStatus == "OK", answer.Body);
        var loan = await Iso18626IntakeTests.LoanByRequestId(Api, s, "RT-5");
        Assert.Equal("2026-11-27", loan.GetProperty("requestedOn").GetString());

        var offset = await iso.Send(Supplying(B, A, "RT-5", "WillSupply", "2026-11-27T09:30:00+0800", reason: "RequestResponse"), checkIn: false);
        Assert.True(offset.MessageStatus == "OK", offset.Body);
        Assert.Equal("willSupply", await s.State(loan.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task The_cost_the_supplier_states_on_Loaned_is_recorded_beside_the_agreements_charge()
    {
        var (s, iso) = await Iso18626IntakeTests.Setup(Host, Api);
        await iso.Ok(Request(B, A, "RT-6"));
        var id = (await Iso18626IntakeTests.LoanByRequestId(Api, s, "RT-6")).GetProperty("id").GetGuid();
        await iso.Ok(Supplying(B, A, "RT-6", "Loaned", "2026-11-04T10:00:00Z", offeredCost: "7.50"));
        var shipped = await s.Loan(id);
        Assert.Equal("7.50", LoanScenario.Amount(shipped, "statedCost"));
        Assert.Equal("15.00", LoanScenario.Amount(shipped.GetProperty("charge"), "billed"));
    }
}
