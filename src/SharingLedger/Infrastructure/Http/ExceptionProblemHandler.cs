using System.Text.Json;
using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using SharingLedger.Infrastructure.Json;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// Turns exceptions that escape an endpoint into problem details: a lost race on a stream or a unique
/// key (or a deadlock between two writers) is a 409, never a 500; a rule the kernel refuses is a 422; unreadable input is a 400.
/// Because the unit of work is saved only when the endpoint succeeds, none of these records anything.
/// <para>
/// A lost or refused database connection is a 503 with <c>Retry-After</c>: for a write the outcome is unknown (the commit may
/// have reached the database before the connection broke), so the answer says so and asks for a retry with the same
/// <c>Idempotency-Key</c>, which is answered from the first attempt's stored response if it was recorded, and runs it if it
/// was not (the key is claimed in the same transaction as the effect). A 500 is left for real defects, and claims nothing.
/// </para>
/// </summary>
public sealed class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var details = Map(exception, context.Request.Method);
        if (details.Status == 503) log.LogWarning(exception, "The database was lost during {Method} {Path}: answered 503", context.Request.Method, context.Request.Path);
        else if (details.Status >= 500) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        else log.LogInformation("Request on {Path} refused: {Detail}", context.Request.Path, details.Detail);
        context.Response.StatusCode = details.Status ?? 500;
        if (details.Status == 503) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    public const int RetryAfterSeconds = 5;

    public static ProblemDetails Map(Exception exception, string method = "POST")
    {
        // A body the client cut short is the client's fault (400), even though an I/O error lies underneath it.
        if (exception is not BadHttpRequestException && IsOutage(exception))
            return HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                ? Problem(503, "Service unavailable", "The ledger's database cannot be reached right now; try again shortly.", "unavailable")
                : Problem(503, "Outcome unknown",
                    "The ledger lost its database connection while handling this request, so whether it was recorded is unknown. " +
                    "Retry with the same Idempotency-Key: if it was recorded you get the first answer, otherwise it is carried out once. " +
                    "Without a key, check the record before sending it again.", "outcome-unknown");
        // The event sequence handed out a taken number after a crash and the replays did not get past it: nothing was
        // stored (PostgreSQL refused the insert), and it is not the client's conflict, so not a 409 (EventSequenceCollision).
        if (global::SharingLedger.Infrastructure.Marten.EventSequenceCollision.Is(exception))
            return Problem(503, "Service unavailable",
                "The ledger's database is recovering from a restart and could not number this record, so it was not recorded. " +
                "Send it again shortly (with the same Idempotency-Key, if it had one).", "unavailable");
        return MapKnown(exception);
    }

    private static ProblemDetails MapKnown(Exception exception) => Unwrap(exception) switch
    {
        ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException =>
            Problem(409, "Conflict", "Another change to the same record was saved first; reload and try again."),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
            Problem(409, "Conflict", "A record with the same key already exists."),
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } =>
            Problem(409, "Conflict", "Another change to the same accounts was being saved at the same moment; try again."),
        CostSharingException cse => RuleProblem(cse),
        CurrencyMismatchException cme => Problem(422, "The request breaks a rule of the ledger", cme.Message),
        InputRejectedException ire => InputProblem(ire),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Problem(413, "Request body too large", "The request body is larger than the ledger accepts."),
        JsonException or BadHttpRequestException => Problem(400, "Malformed request", "The request could not be read."),
        _ => Problem(500, "Internal error",
            "The ledger met an internal error. If this was a write sent with an Idempotency-Key, retry with the same key to learn whether it was recorded.",
            "internal"),
    };

    /// <summary>
    /// The database went away or refused us for now: a broken or refused connection, a server shutting down or starting,
    /// no free connection slots, or a command that timed out. Not a race, a rule or a defect.
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    if (pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.IdleSessionTimeout)
                        return true;
                    break;
                case NpgsqlException:       // I/O, a closed socket, a timeout, an exhausted pool: Npgsql's own, not the server's answer
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                case System.IO.EndOfStreamException:
                    return true;
            }
        }
        return false;
    }

    private static Exception Unwrap(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }
                or CostSharingException
                or CurrencyMismatchException or JsonException or BadHttpRequestException)
                return current;
        }
        return e;
    }

    private static ProblemDetails RuleProblem(CostSharingException e)
    {
        var details = Problem(422, "The request breaks a rule of the ledger", e.Message);
        details.Extensions["errors"] = e.Violations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray());
        return details;
    }

    /// <summary>A value refused while a body was read (see InputGate, which normally answers first): the field, in plain words.</summary>
    private static ProblemDetails InputProblem(InputRejectedException e)
    {
        var field = InputRejectedException.FieldOf(e.Path, e.Suffix);
        var details = e.Status == 422
            ? Problem(422, "The request breaks a rule of the ledger", $"{field}: {e.Message}")
            : Problem(400, "Malformed request", $"{field}: {e.Message}");
        details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [e.Message] };
        return details;
    }

    private static ProblemDetails Problem(int status, string title, string detail, string? type = null) =>
        new() { Status = status, Title = title, Detail = detail, Type = type is null ? null : ProblemTypes.Of(type) };
}
