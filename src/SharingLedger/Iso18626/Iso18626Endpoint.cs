using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
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
    /// ISO 18626 intake: a request, supplyingAgencyMessage or requestingAgencyMessage (XML, schema v1.2; 2014-edition v1.1
    /// messages are taken too) from a consortium's ILL system, answered with the standard's confirmation (messageStatus OK,
    /// or ERROR with errorData: BadlyFormedMessage, UnsupportedActionType, UnsupportedReasonForMessageType,
    /// UnrecognisedDataElement or UnrecognisedDataValue). Agency ids map to members by their illAgencyIds; the requesting
    /// agency's request id finds the loan. A message already applied, received again at any time, is answered OK and records
    /// nothing; an Idempotency-Key returns the first answer to the same body (another body with the same key: 422). A message
    /// the ledger cannot take records nothing. Not XML: 415.
    /// </summary>
    [ProducesResponseType(typeof(string), 200, "application/xml")]
    [ProducesResponseType(typeof(string), 400, "application/xml")]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/iso18626")]
    [Infrastructure.Api.IdempotentByItself] // keyed answers are kept by the intake itself (Iso18626KeyedAnswer): Wolverine cannot replay XML
    public static async Task<IResult> Post(Guid consortiumId, HttpRequest request, IDocumentSession session, IClock clock, ISettledMonths settled,
        EstablishedConsortia consortia, CancellationToken ct)
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
        var consortium = await consortia.FindAsync(session, consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var body = await ReadBody(request, ct);
        var now = clock.GetCurrentInstant();
        var key = request.Headers[Infrastructure.Api.IdempotencyPolicy.Header].ToString().Trim();
        string? keyId = null;
        if (key.Length > 0 && body is not null)
        {
            if (key.Length > 200)
                return Problems.Malformed("Idempotency-Key", "At most 200 characters.");
            keyId = Iso18626KeyedAnswer.IdOf(request.HttpContext.User.Identity?.Name ?? "", key);
            if (await session.LoadAsync<Iso18626KeyedAnswer>(keyId, ct) is { } first)
                return first.BodyHash == Iso18626KeyedAnswer.Hash(body)
                    ? Xml(first.Answer, first.Status)
                    : Problems.RuleViolated("Idempotency-Key", "This key was used with another message; a retry must send the same message.");
        }

        var (status, answer) = await Answer(consortium, body, request, session, clock, settled, now, ct);
        if (keyId is not null)
            session.Store(new Iso18626KeyedAnswer { Id = keyId, BodyHash = Iso18626KeyedAnswer.Hash(body!), Status = status, Answer = answer, AnsweredAt = now });
        return Xml(answer, status); // saved by Wolverine (AutoApplyTransactions) before the answer is written
    }

    private static async Task<(int Status, string Answer)> Answer(Consortium consortium, byte[]? body, HttpRequest request, IDocumentSession session, IClock clock,
        ISettledMonths settled, Instant now, CancellationToken ct)
    {
        if (body is null)
            return Confirm(Iso18626Kind.Request, null, null, Iso18626Outcome.Error(BadlyFormedMessage, $"The message is larger than {MaxBytes} bytes."), now);
        var parsed = Iso18626Xml.Parse(body, Iso18626Schema.Set);
        if (parsed is Iso18626Unreadable bad)
            return Confirm(bad.Kind, bad.Header, null, Iso18626Outcome.Error(bad.ErrorType, bad.Reason), now);
        var message = (Iso18626Parsed)parsed;

        var (borrower, lender) = await Iso18626Agencies.FindAsync(session, consortium.Id, message.Header.Requesting, message.Header.Supplying, ct);
        if (borrower is null || lender is null)
        {
            var (field, id) = borrower is null ? ("requestingAgencyId", message.Header.Requesting) : ("supplyingAgencyId", message.Header.Supplying);
            return Confirm(message, Iso18626Outcome.Error(UnrecognisedDataValue, $"{field} {id} is not the ILL agency id of a member of this consortium."), now);
        }
        // A member system sends for its own library only: the requester's messages as the borrower, the supplier's as the lender.
        var sender = message.Kind == Iso18626Kind.SupplyingAgencyMessage ? lender : borrower;
        if (!Access.Actor.MayActFor(request.HttpContext, sender.Id))
            return Confirm(message, Iso18626Outcome.Error(UnrecognisedDataValue,
                $"{(sender == lender ? "supplyingAgencyId" : "requestingAgencyId")} {(sender == lender ? message.Header.Supplying : message.Header.Requesting)} is not the member this key acts for."), now,
                StatusCodes.Status403Forbidden);

        // The borrower's messages take turns (the same lock its requests and steps take), so a copy arriving while the
        // first is applied waits for it and then finds its receipt.
        await WriteLocks.BorrowerAsync(session, borrower.Id, ct);
        var receiptId = Iso18626Receipt.IdOf(message);
        if (await session.LoadAsync<Iso18626Receipt>(receiptId, ct) is not null) return Confirm(message, Iso18626Outcome.Accepted, now);

        var zone = consortium.Calendar().Zone;
        var received = now.InZone(zone).Date;
        var (outcome, loanId) = message.Kind == Iso18626Kind.Request
            ? await TakeRequest(session, consortium, message, borrower, lender, zone, received, clock, ct)
            : await TakeStep(session, consortium, message, borrower, lender, zone, received, clock, settled, request.HttpContext.Response, ct);
        if (outcome.Ok && loanId is not null)
            session.Store(new Iso18626Receipt { Id = receiptId, LoanId = loanId, Kind = message.Kind.ToString(), RequestId = message.Header.RequestId, ReceivedAt = now });
        return Confirm(message, outcome, now);
    }

    private static async Task<(Iso18626Outcome, Guid?)> TakeRequest(IDocumentSession session, Consortium consortium, Iso18626Parsed message, Member borrower, Member lender,
        DateTimeZone zone, LocalDate received, IClock clock, CancellationToken ct)
    {
        var sameId = await LoanAccess.WithRequestIdAsync(session, consortium.Id, borrower.Id, message.Header.RequestId, ct);
        if (LoanCommands.OpenWithRequestId(sameId, borrower.Id, message.Header.RequestId) is { } open)
            return open.LenderId == lender.Id
                ? (Iso18626Outcome.Accepted, null) // the same request again: it stands, nothing new
                : (Iso18626Outcome.Error(UnrecognisedDataValue, $"requestingAgencyRequestId {message.Header.RequestId} is already open with another supplier ({open.LenderCode})."), null);

        var (command, error) = Iso18626Mapping.Request(message.Body, message.Header, borrower.Id, lender.Id, zone, received);
        if (error is not null) return (error, null);
        var facts = await LoanCommands.RequestContextAsync(session, consortium, command!, clock, ct);
        var id = Guid.CreateVersion7();
        var decision = LoanDecisions.Request(id, consortium.Id, command!, facts, clock.GetCurrentInstant());
        if (decision is not LoanDecision.Accepted accepted) return (Iso18626Steps.Refused(decision), null);
        session.Events.StartStream<Loan>(id, [.. accepted.Events]); // saved by Wolverine (AutoApplyTransactions) before the answer is written
        return (Iso18626Outcome.Accepted, id);
    }

    private static async Task<(Iso18626Outcome, Guid?)> TakeStep(IDocumentSession session, Consortium consortium, Iso18626Parsed message, Member borrower, Member lender,
        DateTimeZone zone, LocalDate received, IClock clock, ISettledMonths settled, HttpResponse response, CancellationToken ct)
    {
        var requestId = message.Header.RequestId;
        var loan = (await LoanAccess.WithRequestIdAsync(session, consortium.Id, borrower.Id, requestId, ct))
            .OrderBy(l => l.State == LoanState.RetryPossible).ThenByDescending(l => l.RequestedOn).ThenByDescending(l => l.Id)
            .FirstOrDefault();
        if (loan is null)
            return (Iso18626Outcome.Error(UnrecognisedDataValue, $"requestingAgencyRequestId {requestId}: member {borrower.Code} has no such request."), null);
        if (loan.LenderId != lender.Id)
            return (Iso18626Outcome.Error(UnrecognisedDataValue, $"supplyingAgencyId {message.Header.Supplying}: request {requestId} was made to member {loan.LenderCode}."), null);

        var step = message.Kind == Iso18626Kind.SupplyingAgencyMessage
            ? Iso18626Mapping.Supplier(message.Body, message.Header, zone, received)
            : Iso18626Mapping.Requester(message.Body, message.Header, zone, received);
        if (step is IsoStep.StatusRequest) TellStatus(response, loan);
        // A renewal asked records nothing but keeps a receipt, so that a late copy after the loan moved on is still OK.
        if (Iso18626Steps.Immediate(loan, step) is { } answer) return (answer, answer.Ok && step is IsoStep.AskRenew ? loan.Id : null);

        var stream = await session.Events.FetchForWriting<Loan>(loan.Id, ct);
        var current = stream.Aggregate!;
        var ctx = step is IsoStep.Take take
            ? await LoanCommands.ActContextAsync(session, consortium, current, take.Action, take.Input, clock, settled, ct)
            : null;
        var (outcome, events) = Iso18626Steps.Decide(current, step, ctx, consortium.Calendar().Today(clock), clock.GetCurrentInstant());
        if (!outcome.Ok) return (outcome, null);
        stream.AppendMany(events); // appended at the version fetched; saved by Wolverine before the answer is written
        return (outcome, events.Count > 0 ? loan.Id : null);
    }

    /// <summary>
    /// A status request is answered with the loan's current status: the confirmation has no element for it, so the answer
    /// carries it in headers (ISO 18626 status, the ledger's state, the due date).
    /// </summary>
    private static void TellStatus(HttpResponse response, Loan loan)
    {
        response.Headers["ISO18626-Status"] = Iso18626Steps.Status(loan.State);
        response.Headers["Loan-State"] = loan.State.Name();
        if (loan.DueDate is { } due) response.Headers["Loan-Due-Date"] = due.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

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

    private static (int, string) Confirm(Iso18626Parsed message, Iso18626Outcome outcome, Instant now, int status = StatusCodes.Status200OK) =>
        Confirm(message.Kind, message.Header, message.Body, outcome, now, status);

    private static (int, string) Confirm(Iso18626Kind kind, Iso18626Header? header, System.Xml.Linq.XElement? body, Iso18626Outcome outcome, Instant now,
        int status = StatusCodes.Status200OK) =>
        (status, Iso18626Confirmations.Write(kind, header, body, outcome, now));

    private static IResult Xml(string answer, int status) =>
        Results.Content(answer, "application/xml; charset=utf-8", System.Text.Encoding.UTF8, status);
}
