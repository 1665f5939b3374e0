using Microsoft.AspNetCore.Authorization;

namespace SharingLedger.Access;

/// <summary>
/// Who may call an endpoint, declared on the endpoint method (or its class, when the class holds one endpoint):
/// <c>[Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]</c>. It is an ASP.NET Core <see cref="AuthorizeAttribute"/>
/// that carries its own requirement (<see cref="IAuthorizationRequirementData"/>), so the authorization middleware builds
/// the endpoint's policy from it: an authenticated principal holding one of the roles, and <see cref="AccessHandler"/>'s
/// resource check that a principal of one consortium, or a member system, reaches only its own (404 otherwise).
/// <see cref="OperatorOnly"/> endpoints need a configured operator key (a principal without a consortium).
/// Every endpoint declares exactly one of this or <see cref="AllowAnonymousAttribute"/>: the host refuses to start otherwise
/// (<see cref="AccessDeclarations"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AllowAttribute : AuthorizeAttribute, IAuthorizationRequirementData
{
    public AllowAttribute(params string[] roles)
    {
        if (roles.Length == 0 || roles.Any(r => !SharingLedger.Access.Roles.IsKnown(r)))
            throw new ArgumentException($"[Allow] names one or more of: {string.Join(", ", SharingLedger.Access.Roles.All)}.", nameof(roles));
        Allowed = roles;
    }

    /// <summary>The roles that may call the endpoint; a principal needs one of them.</summary>
    public IReadOnlyList<string> Allowed { get; }

    /// <summary>Only a platform operator (a configured operator key, which names no consortium) holding one of the roles.</summary>
    public bool OperatorOnly { get; init; }

    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [new RoleGrant(Allowed, OperatorOnly)];
}

/// <summary>The requirement an <see cref="AllowAttribute"/> puts on its endpoint; <see cref="AccessHandler"/> decides it.</summary>
public sealed record RoleGrant(IReadOnlyList<string> Roles, bool OperatorOnly) : IAuthorizationRequirement;
