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
/// </summary>
public sealed class ExceptionProblemHandler(IProblemDetailsService problems, ILogger<ExceptionProblemHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var details = Map(exception);
        if (details.Status >= 500) log.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        else log.LogInformation("Request on {Path} refused: {Detail}", context.Request.Path, details.Detail);
        context.Response.StatusCode = details.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    public static ProblemDetails Map(Exception exception) => Unwrap(exception) switch
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
        _ => Problem(500, "Internal error", "The ledger could not complete the request; nothing was recorded."),
    };

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

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}
