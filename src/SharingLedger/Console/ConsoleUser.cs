using System.Security.Claims;
using SharingLedger.Access;

namespace SharingLedger.WebConsole;

/// <summary>Who is signed in to the console, read from the session's claims (the same claims an API key gives).</summary>
public sealed record ConsoleUser(string Name, Guid ConsortiumId, Guid? MemberId, IReadOnlyList<string> Roles)
{
    /// <summary>The key's label ("key:{id}:{label}" names an issued key's principal), else the principal's name.</summary>
    public string DisplayName => Name.StartsWith("key:", StringComparison.Ordinal) && Name.Split(':', 3) is [_, _, var label] && label.Length > 0 ? label : Name;

    public bool IsMember => Roles.Contains(Access.Roles.Member);
    public bool IsFinance => Roles.Contains(Access.Roles.Finance);
    public bool IsAuditor => Roles.Contains(Access.Roles.Auditor);
    public bool IsStaff => Roles.Any(r => r != Access.Roles.Member);

    /// <summary>The API's rule: a member system sees its own member only; staff see every member of their consortium.</summary>
    public bool MaySee(Guid memberId) => IsStaff || MemberId == memberId;

    public static ConsoleUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, AuthenticationType: ConsoleSession.Scheme }) return null;
        var consortium = TokenClaims.GuidOf(principal, LedgerClaims.Consortium);
        if (consortium is null) return null;
        return new ConsoleUser(principal.Identity.Name ?? "", consortium.Value, TokenClaims.GuidOf(principal, LedgerClaims.Member),
            principal.FindAll(LedgerClaims.Role).Select(c => c.Value).ToList());
    }
}
