using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.Access;

/// <summary>
/// Writes the authorization middleware's refusals as problem details, in the ledger's words: 401 with a
/// <c>WWW-Authenticate</c> challenge naming both ways in (or, for a refused bearer token, why: RFC 6750), 403 for a role
/// that may not act, and 404 for another consortium's or member's data (<see cref="AccessHandler"/>), never a redirect or
/// an empty body from the authentication handlers' default challenge.
/// </summary>
public sealed class AccessAnswers(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded) return next(context);
        // An endpoint that declares its access some other way than [Allow] (the web console's pages, with their cookie
        // session) answers as its own scheme says: the console sends a signed-out browser to its sign-in page.
        if (context.GetEndpoint()?.Metadata is { } metadata && metadata.OfType<AllowAttribute>().FirstOrDefault() is null
            && metadata.OfType<IAuthorizeData>().Any())
            return _default.HandleAsync(next, context, policy, result);
        if (result.Challenged)
        {
            var failure = context.Items[AuthSetup.AuthFailureItem] as string;
            context.Response.Headers.WWWAuthenticate = failure is null
                ? "ApiKey, Bearer"
                : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'")}\"";
            return Write(context, new AccessAnswer(401, "Authentication required", failure ?? "Send an API key (X-Api-Key) or a bearer token."));
        }
        var answer = result.AuthorizationFailure?.FailureReasons.OfType<AccessRefusal>().FirstOrDefault()?.Answer
                     ?? AccessAnswer.Forbidden("This endpoint declares no access rule, so nobody may call it.");
        if (answer.Status == 401) context.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
        return Write(context, answer);
    }

    private async Task Write(HttpContext context, AccessAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = answer.Status, Title = answer.Title, Detail = answer.Detail },
        });
    }
}
