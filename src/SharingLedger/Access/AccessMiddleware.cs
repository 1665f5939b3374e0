using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.Access;

/// <summary>
/// Applies the <see cref="AccessMatrix"/> to every request after routing: 401 without credentials, 403
/// for a role that may not take the action, and 404 (no data, no hint) when a principal of one
/// consortium or member asks about another's.
/// </summary>
public sealed class AccessMiddleware(RequestDelegate next)
{
    public const string ActingMemberItem = "ledger:acting-member";

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            await next(context);
            return;
        }
        var key = AccessMatrix.KeyOf(context.Request.Method, endpoint.RoutePattern.RawText ?? "");
        var rule = AccessMatrix.Rules.GetValueOrDefault(key) ?? AccessRule.For(Roles.Admin);
        if (rule.Anonymous)
        {
            await next(context);
            return;
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            // RFC 6750: a refused bearer token is named in the challenge; otherwise both ways in are offered.
            var failure = context.Items[AuthSetup.AuthFailureItem] as string;
            context.Response.Headers.WWWAuthenticate = failure is null
                ? "ApiKey, Bearer"
                : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'")}\"";
            await Refuse(context, problems, 401, "Authentication required", failure ?? "Send an API key (X-Api-Key) or a bearer token.");
            return;
        }
        // Fail closed behind the authentication handlers: every principal but a configured operator names one
        // consortium, and a member system its member, or it is not let in at all.
        var isOperator = Operators.IsOperator(user);
        var consortium = TokenClaims.GuidOf(user, LedgerClaims.Consortium);
        var roles = user.FindAll(LedgerClaims.Role).Select(c => c.Value).ToList();
        var member = TokenClaims.GuidOf(user, LedgerClaims.Member);
        if (!isOperator && consortium is null || roles.Contains(Roles.Member) && member is null)
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey, Bearer";
            await Refuse(context, problems, 401, "Authentication required", "The credentials do not carry what their role needs.");
            return;
        }
        var granted = roles.Intersect(rule.Roles).ToList();
        if (granted.Count == 0)
        {
            await Refuse(context, problems, 403, "Forbidden", $"This action needs one of the roles: {string.Join(", ", rule.Roles)}.");
            return;
        }
        if (rule.OperatorOnly && !isOperator)
        {
            await Refuse(context, problems, 403, "Forbidden", "Only a platform operator may do this.");
            return;
        }
        if (consortium is { } own && context.Request.RouteValues.TryGetValue("consortiumId", out var routeConsortium)
            && !(Guid.TryParse(routeConsortium?.ToString(), out var named) && named == own))
        {
            await NotFound(context, problems, "consortium", routeConsortium);
            return;
        }
        if (granted.All(r => r == Roles.Member))
        {
            var acting = member!.Value;
            if (context.Request.RouteValues.TryGetValue("memberId", out var routeMember))
            {
                if (!(Guid.TryParse(routeMember?.ToString(), out var namedMember) && namedMember == acting))
                {
                    await NotFound(context, problems, "member", routeMember);
                    return;
                }
            }
            else if (rule.MemberChecksBody)
            {
                context.Items[ActingMemberItem] = acting;
            }
        }
        await next(context);
    }

    private static Task NotFound(HttpContext context, IProblemDetailsService problems, string what, object? id) =>
        Refuse(context, problems, 404, "Not found", $"There is no {what} with id {id}.");

    private static async Task Refuse(HttpContext context, IProblemDetailsService problems, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>For endpoints where a member system acts in the body: may the caller act for this member?</summary>
public static class Actor
{
    /// <summary>False only for a member system naming another member than its own.</summary>
    public static bool MayActFor(HttpContext context, Guid memberId) =>
        context.Items.TryGetValue(AccessMiddleware.ActingMemberItem, out var acting) is false || acting is Guid own && own == memberId;
}
