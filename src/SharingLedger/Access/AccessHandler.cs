using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace SharingLedger.Access;

/// <summary>
/// Decides a <see cref="RoleGrant"/> for one request, in this order (the first refusal answers):
/// <list type="number">
/// <item>401: the principal lacks what its role needs (no consortium without being an operator; a member role without a
/// member). The authentication handlers already fail closed; this is the backstop behind them.</item>
/// <item>403: none of its roles is allowed, or the endpoint is for operators and it is none.</item>
/// <item>404: the route names another consortium than the principal's, or, for a principal allowed only as a member system,
/// another member than its own: the same answer as an id that does not exist, so nothing is learnt about others.</item>
/// </list>
/// The resource is the request (ASP.NET passes the <see cref="HttpContext"/> to endpoint policies): its route values.
/// Endpoints where a member system names its member in the body check it with <see cref="Actor.MayActFor"/>.
/// Not a Wolverine message handler, though its name and its public HandleAsync look like one to Wolverine's discovery.
/// </summary>
[Wolverine.Attributes.WolverineIgnore]
public sealed class AccessHandler : AuthorizationHandler<RoleGrant>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleGrant grant)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true) return Task.CompletedTask; // not met: the middleware challenges (401)
        var refusal = Refusal(user, grant, (context.Resource as HttpContext)?.Request.RouteValues);
        if (refusal is null) context.Succeed(grant);
        else context.Fail(new AccessRefusal(this, refusal));
        return Task.CompletedTask;
    }

    public static AccessAnswer? Refusal(ClaimsPrincipal user, RoleGrant grant, RouteValueDictionary? route)
    {
        var isOperator = Operators.IsOperator(user);
        var consortium = TokenClaims.GuidOf(user, LedgerClaims.Consortium);
        var roles = user.FindAll(LedgerClaims.Role).Select(c => c.Value).ToList();
        if (!isOperator && consortium is null || roles.Contains(Roles.Member) && TokenClaims.GuidOf(user, LedgerClaims.Member) is null)
            return AccessAnswer.Incomplete();
        if (!roles.Intersect(grant.Roles).Any())
            return AccessAnswer.Forbidden($"This action needs one of the roles: {string.Join(", ", grant.Roles)}.");
        if (grant.OperatorOnly && !isOperator)
            return AccessAnswer.Forbidden("Only a platform operator may do this.");
        if (consortium is { } own && route is not null && route.TryGetValue("consortiumId", out var named)
            && !(Guid.TryParse(named?.ToString(), out var id) && id == own))
            return AccessAnswer.NotFound("consortium", named);
        if (ActingMember(user, grant) is { } acting && route is not null && route.TryGetValue("memberId", out var namedMember)
            && !(Guid.TryParse(namedMember?.ToString(), out var memberId) && memberId == acting))
            return AccessAnswer.NotFound("member", namedMember);
        return null;
    }

    /// <summary>
    /// The member a principal acts for when the grant lets it in as a member system only (member is the only allowed role
    /// it holds); null when it is let in as staff, which sees the whole consortium.
    /// </summary>
    public static Guid? ActingMember(ClaimsPrincipal user, RoleGrant grant)
    {
        var granted = user.FindAll(LedgerClaims.Role).Select(c => c.Value).Intersect(grant.Roles).ToList();
        return granted.Count > 0 && granted.All(r => r == Roles.Member) ? TokenClaims.GuidOf(user, LedgerClaims.Member) : null;
    }
}

/// <summary>A refusal's answer: its status (401, 403 or 404), title and detail.</summary>
public sealed record AccessAnswer(int Status, string Title, string Detail)
{
    public static AccessAnswer Incomplete() => new(401, "Authentication required", "The credentials do not carry what their role needs.");
    public static AccessAnswer Forbidden(string detail) => new(403, "Forbidden", detail);
    public static AccessAnswer NotFound(string what, object? id) => new(404, "Not found", $"There is no {what} with id {id}.");
}

/// <summary>Why <see cref="AccessHandler"/> refused, carried to <see cref="AccessAnswers"/> in the policy's failure.</summary>
public sealed class AccessRefusal(IAuthorizationHandler handler, AccessAnswer answer) : AuthorizationFailureReason(handler, answer.Detail)
{
    public AccessAnswer Answer { get; } = answer;
}

/// <summary>For endpoints where a member system acts in the body: may the caller act for this member?</summary>
public static class Actor
{
    /// <summary>False only for a caller let into this endpoint as a member system naming another member than its own.</summary>
    public static bool MayActFor(HttpContext context, Guid memberId) => RestrictedTo(context) is not { } acting || acting == memberId;

    /// <summary>
    /// The member a caller let into this endpoint as a member system only is held to (a list then shows only what is its own);
    /// null for staff and operators, who see the whole consortium.
    /// </summary>
    public static Guid? RestrictedTo(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<AllowAttribute>() is { } allow
            ? AccessHandler.ActingMember(context.User, new RoleGrant(allow.Allowed, allow.OperatorOnly))
            : null;

    /// <summary>
    /// The member a list filters on: the one <paramref name="asked"/> for, or for a member system always its own. False when a
    /// member system asks for another member (answer 404, as for an unknown one).
    /// </summary>
    public static bool TryFilterMember(HttpContext context, Guid? asked, out Guid? member)
    {
        var own = RestrictedTo(context);
        member = own ?? asked;
        return own is null || asked is null || asked == own;
    }
}
