using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.Infrastructure.Http;

/// <summary>RFC 9457 problem details for the ways a request can fail.</summary>
public static class Problems
{
    public static IResult NotFound(string what, object id) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Not found",
        Detail = $"There is no {what} with id {id}.",
        Type = ProblemTypes.Of("not-found"),
    });

    public static IResult Conflict(string detail) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflict",
        Detail = detail,
        Type = ProblemTypes.Of("conflict"),
    });

    public static IResult Forbidden(string detail) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Forbidden",
        Detail = detail,
        Type = ProblemTypes.Of("forbidden"),
    });

    public static IResult BadRequest(string detail) => Result(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Malformed request",
        Detail = detail,
        Type = ProblemTypes.Of("malformed"),
    });

    /// <summary>400: a field of the body cannot be read as what it holds; <c>errors</c> names it, as a 422 does.</summary>
    public static IResult Malformed(string field, string message)
    {
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed request",
            Detail = $"{field}: {message}",
            Type = ProblemTypes.Of("malformed"),
        };
        details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return Result(details);
    }

    public static IResult TooLarge() => Result(new ProblemDetails
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Request body too large",
        Detail = "The request body is larger than the ledger accepts.",
    });

    /// <summary>422: the request is well-formed but breaks a rule; each error names its field.</summary>
    public static IResult RuleViolated(IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        var details = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request breaks a rule of the ledger",
            Detail = string.Join(" ", list.Select(e => $"{e.Field}: {e.Message}")),
            Type = ProblemTypes.Of("rule-violated"),
        };
        details.Extensions["errors"] = list
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return Result(details);
    }

    public static IResult RuleViolated(string field, string message) => RuleViolated([new FieldError(field, message)]);

    private static IResult Result(ProblemDetails details) =>
        Results.Problem(details);
}

/// <summary>One thing wrong with a request, and the JSON field it is about.</summary>
public sealed record FieldError(string Field, string Message);
