namespace SharingLedger.Infrastructure.Http;

/// <summary>
/// Every problem the service answers has its <c>type</c> in one namespace, <see cref="Namespace"/>, whoever wrote it: the
/// endpoints (<see cref="Problems"/>), the exception handler, or ASP.NET itself (an unknown route, a wrong method, a
/// missing key), whose RFC 9110 links are replaced here by the ledger's own type for the status.
/// </summary>
public static class ProblemTypes
{
    public const string Namespace = "https://sharingledger.example/problems/";

    public static string Of(string slug) => Namespace + slug;

    /// <summary>The type for a status when the answer did not name a more exact one.</summary>
    public static string ForStatus(int? status) => Of(status switch
    {
        400 => "malformed",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        409 => "conflict",
        413 => "too-large",
        415 => "unsupported-media-type",
        422 => "rule-violated",
        429 => "too-many-requests",
        503 => "unavailable",
        >= 500 => "internal-error",
        _ => "request-refused",
    });

    /// <summary>A <see cref="Microsoft.AspNetCore.Http.ProblemDetailsOptions.CustomizeProblemDetails"/> step: keep the ledger's own type, replace any other.</summary>
    public static void InOneNamespace(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Type?.StartsWith(Namespace, StringComparison.Ordinal) != true)
            details.Type = ForStatus(details.Status ?? context.HttpContext.Response.StatusCode);
    }
}
