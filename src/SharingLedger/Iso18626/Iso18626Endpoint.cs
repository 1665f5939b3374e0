using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using static SharingLedger.Iso18626.Iso18626Errors;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Iso18626;

public static class Iso18626Endpoint
{
    public const int MaxBytes = 1_000_000;

    /// <summary>
    /// ISO 18626 intake: a request, supplyingAgencyMessage or requestingAgencyMessage (XML, schema v1.2) from a
    /// consortium's ILL system, answered with the standard's confirmation (messageStatus OK, or ERROR with errorData).
    /// Agency ids map to members by their illAgencyIds; the requesting agency's request id finds the loan. A repeated
    /// message changes nothing (so an Idempotency-Key is ignored here); a message the ledger cannot take records nothing. Not XML: 415.
    /// </summary>
    [ProducesResponseType(typeof(string), 200, "application/xml")]
    [ProducesResponseType(typeof(string), 400, "application/xml")]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/iso18626")]
    [Infrastructure.Api.IdempotentByItself] // a repeated message changes nothing anyway; an XML answer cannot be replayed by Wolverine
    public static async Task<IResult> Post(Guid consortiumId, HttpRequest request, IDocumentSession session, IClock clock, ISettledMonths settled, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("application/xml" or "text/xml"))
            return Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = "ISO 18626 messages are XML: send Content-Type application/xml or text/xml.",
                Type = ProblemTypes.Of("unsupported-media-type"),
            });
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var body = await ReadBody(request, ct);
        var now = clock.GetCurrentInstant();
        if (body is null)
            return Answer(Iso18626Kind.Request, null, null, Iso18626Outcome.Error(BadlyFormedMessage, $"The message is larger than {MaxBytes} bytes."), now);
        var parsed = Iso18626Xml.Parse(body, Iso18626Schema.Set);
        if (parsed is Iso18626Unreadable bad)
            return Answer(bad.Kind, bad.Header, null, Iso18626Outcome.Error(BadlyFormedMessage, bad.Reason), now);
        var message = (Iso18626Parsed)parsed;

        var members = await LoanAccess.MembersAsync(session, consortiumId, ct);
        var borrower = Find(members, message.Header.Requesting);
        var lender = Find(members, message.Header.Supplying);
        if (borrower is null || lender is null)
        {
            var (field, id) = borrower is null ? ("requestingAgencyId", message.Header.Requesting) : ("supplyingAgencyId", message.Header.Supplying);
            return Answer(message, Iso18626Outcome.Error(UnrecognisedDataValue, $"{field} {id} is not the ILL agency id of a member of this consortium."), now);
        }
        // A member system sends for its own library only: the requester's messages as the borrower, the supplier's as the lender.
        var sender = message.Kind == Iso18626Kind.SupplyingAgencyMessage ? lender : borrower;
        if (!Access.Actor.MayActFor(request.HttpContext, sender.Id))
            return Answer(message, Iso18626Outcome.Error(UnrecognisedDataValue,
                $"{(sender == lender ? "supplyingAgencyId" : "requestingAgencyId")} {(sender == lender ? message.Header.Supplying : message.Header.Requesting)} is not the member this key acts for."), now,
                StatusCodes.Status403Forbidden);

        var zone = consortium.Calendar().Zone;
        var outcome = message.Kind == Iso18626Kind.Request
            ? await TakeRequest(session, consortium, message, borrower, lender, zone, clock, ct)
            : await TakeStep(session, consortium, message, borrower, lender, zone, clock, settled, ct);
        return Answer(message, outcome, now);
    }

    private static async Task<Iso18626Outcome> TakeRequest(IDocumentSession session, Consortium consortium, Iso18626Parsed message, Member borrower, Member lender,
        DateTimeZone zone, IClock clock, CancellationToken ct)
    {
        var borrowed = await LoanAccess.LoansAsync(session, consortium.Id, borrower.Id, ct);
        if (LoanCommands.OpenWithRequestId(borrowed, borrower.Id, message.Header.RequestId) is { } open)
            return open.LenderId == lender.Id
                ? Iso18626Outcome.Accepted // the same request again: it stands, nothing new
                : Iso18626Outcome.Error(UnrecognisedDataValue, $"requestingAgencyRequestId {message.Header.RequestId} is already open with another supplier ({open.LenderCode}).");

        var (command, error) = Iso18626Mapping.Request(message.Body, message.Header, borrower.Id, lender.Id, zone);
        if (error is not null) return error;
        var facts = await LoanCommands.RequestContextAsync(session, consortium, command!, clock, ct);
        var id = Guid.CreateVersion7();
        var decision = LoanDecisions.Request(id, consortium.Id, command!, facts, clock.GetCurrentInstant());
        if (decision is not LoanDecision.Accepted accepted) return Refused(decision);
        session.Events.StartStream<Loan>(id, [.. accepted.Events]); // saved by Wolverine (AutoApplyTransactions) before the answer is written
        return Iso18626Outcome.Accepted;
    }

    private static async Task<Iso18626Outcome> TakeStep(IDocumentSession session, Consortium consortium, Iso18626Parsed message, Member borrower, Member lender,
        DateTimeZone zone, IClock clock, ISettledMonths settled, CancellationToken ct)
    {
        var requestId = message.Header.RequestId;
        var loan = (await LoanAccess.LoansAsync(session, consortium.Id, borrower.Id, ct))
            .Where(l => l.BorrowerId == borrower.Id && l.RequestId == requestId)
            .OrderBy(l => l.State == LoanState.RetryPossible).ThenByDescending(l => l.RequestedOn).ThenByDescending(l => l.Id)
            .FirstOrDefault();
        if (loan is null)
            return Iso18626Outcome.Error(UnrecognisedDataValue, $"requestingAgencyRequestId {requestId}: member {borrower.Code} has no such request.");
        if (loan.LenderId != lender.Id)
            return Iso18626Outcome.Error(UnrecognisedDataValue, $"supplyingAgencyId {message.Header.Supplying}: request {requestId} was made to member {loan.LenderCode}.");

        var step = message.Kind == Iso18626Kind.SupplyingAgencyMessage
            ? Iso18626Mapping.Supplier(message.Body, zone)
            : Iso18626Mapping.Requester(message.Body, message.Header, zone);
        switch (step)
        {
            case IsoStep.Nothing:
                return Iso18626Outcome.Accepted;
            case IsoStep.Refuse r:
                return Iso18626Outcome.Error(r.ErrorType, r.ErrorValue);
        }
        var take = (IsoStep.Take)step;
        if (Iso18626Mapping.AlreadyApplied(loan, take.Action, take.Input)) return Iso18626Outcome.Accepted;

        var stream = await session.Events.FetchForWriting<Loan>(loan.Id, ct);
        var current = stream.Aggregate!;
        var facts = await LoanCommands.ActContextAsync(session, consortium, current, take.Action, take.Input, clock, settled, ct);
        var decision = LoanDecisions.Act(current, take.Action, take.Input, facts, clock.GetCurrentInstant());
        if (decision is not LoanDecision.Accepted accepted) return Refused(decision);
        stream.AppendMany(accepted.Events); // appended at the version fetched; saved by Wolverine before the answer is written
        return Iso18626Outcome.Accepted;
    }

    private static Iso18626Outcome Refused(LoanDecision decision) => Iso18626Outcome.Error(UnrecognisedDataValue, decision switch
    {
        LoanDecision.NotAllowed n => n.Detail,
        LoanDecision.Conflict c => c.Detail,
        LoanDecision.Invalid i => string.Join(" ", i.Errors.Select(e => $"{e.Field}: {e.Message}")),
        _ => decision.ToString(),
    });

    private static Member? Find(IEnumerable<Member> members, AgencyId id) => members.FirstOrDefault(m => m.IllAgencyIds.Any(id.Matches));

    private static async Task<byte[]?> ReadBody(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult Answer(Iso18626Parsed message, Iso18626Outcome outcome, Instant now, int status = StatusCodes.Status200OK) =>
        Answer(message.Kind, message.Header, message.Body, outcome, now, status);

    private static IResult Answer(Iso18626Kind kind, Iso18626Header? header, System.Xml.Linq.XElement? body, Iso18626Outcome outcome, Instant now,
        int status = StatusCodes.Status200OK) =>
        Results.Content(Iso18626Confirmations.Write(kind, header, body, outcome, now), "application/xml; charset=utf-8", System.Text.Encoding.UTF8, status);
}
