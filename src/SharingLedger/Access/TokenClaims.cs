using System.Security.Claims;

namespace SharingLedger.Access;

/// <summary>
/// What a bearer token must carry before the ledger accepts it, checked once when the token is validated
/// (<see cref="AuthSetup"/>): a token that fails here never becomes a principal, so nothing downstream sees a
/// half-claimed one. The rules fail closed:
/// <list type="bullet">
/// <item>a non-empty <c>sub</c> (who acted, and the token's rate-limit bucket);</item>
/// <item>at least one role, and only roles the ledger knows (an unknown or misspelt role is refused, not ignored);</item>
/// <item>every role needs exactly one <c>consortium_id</c>, a GUID other than the empty one: a token never makes a
/// platform operator, which only configured operator keys are;</item>
/// <item>the member role (alone or beside others: the strictest role decides) also needs exactly one <c>member_id</c>,
/// a GUID other than the empty one;</item>
/// <item>a <c>member_id</c> on a staff token is not read, but must still be well formed if present: a malformed claim
/// means a broken mapping at the identity provider, and is refused rather than guessed about.</item>
/// </list>
/// </summary>
public static class TokenClaims
{
    /// <summary>Why the principal may not be accepted, or null when it carries everything its roles need.</summary>
    public static string? Refusal(ClaimsPrincipal principal)
    {
        var subjects = principal.FindAll(LedgerClaims.Subject).ToList();
        if (subjects.Count != 1 || string.IsNullOrWhiteSpace(subjects[0].Value))
            return "The bearer token must name its subject (one non-empty 'sub' claim).";

        var roles = principal.FindAll(LedgerClaims.Role).Select(c => c.Value).ToList();
        if (roles.Count == 0)
            return $"The bearer token carries no role; roles are: {string.Join(", ", Roles.All)}.";
        if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
            return $"The bearer token carries an unknown role '{Sanitize(unknown)}'; roles are: {string.Join(", ", Roles.All)}.";

        if (!SingleGuid(principal, LedgerClaims.Consortium))
            return "The bearer token must carry one 'consortium_id' claim holding a consortium id (a GUID).";
        if ((roles.Contains(Roles.Member) || principal.HasClaim(c => c.Type == LedgerClaims.Member)) && !SingleGuid(principal, LedgerClaims.Member))
            return "The bearer token's 'member_id' must be one member id (a GUID); a member system's token must carry it.";
        return null;
    }

    /// <summary>Exactly one claim of the type, holding a GUID that is not all zeros.</summary>
    public static bool SingleGuid(ClaimsPrincipal principal, string type)
    {
        var values = principal.FindAll(type).ToList();
        return values.Count == 1 && Guid.TryParse(values[0].Value, out var id) && id != Guid.Empty;
    }

    /// <summary>The claim's value as a GUID, when there is exactly one and it is a non-empty GUID.</summary>
    public static Guid? GuidOf(ClaimsPrincipal principal, string type)
    {
        var values = principal.FindAll(type).ToList();
        return values.Count == 1 && Guid.TryParse(values[0].Value, out var id) && id != Guid.Empty ? id : null;
    }

    // A refused role is echoed in a header and a body: printable ASCII only, and short.
    private static string Sanitize(string value)
    {
        var printable = new string(value.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').Take(40).ToArray());
        return printable.Length == 0 ? "(empty)" : printable;
    }
}
