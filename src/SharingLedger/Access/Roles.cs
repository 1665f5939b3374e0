namespace SharingLedger.Access;

/// <summary>
/// Who may do what. A member system sees and acts on its own member only; finance records costs,
/// invoices and payments and reads everything; the council's auditor reads everything and closes
/// periods and approves write-offs; an administrator runs the consortium, members, agreements and keys.
/// </summary>
public static class Roles
{
    public const string Member = "member";
    public const string Finance = "finance";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Member, Finance, Auditor, Admin];

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>Claim types the ledger reads from API keys and bearer tokens.</summary>
public static class LedgerClaims
{
    /// <summary>The consortium a principal belongs to; absent only for a configured operator key, which may act on any.</summary>
    public const string Consortium = "consortium_id";

    /// <summary>The member a member system acts for.</summary>
    public const string Member = "member_id";

    public const string Role = "role";

    /// <summary>A bearer token's subject: who acted, and with the issuer its rate-limit bucket.</summary>
    public const string Subject = "sub";

    public const string Issuer = "iss";

    /// <summary>
    /// Set only by <see cref="ApiKeyAuthenticationHandler"/> for a configured operator key. It counts only on an
    /// identity that handler built (<see cref="Operators.IsOperator"/>), so a token carrying it gains nothing.
    /// </summary>
    public const string Operator = "ledger:operator";
}

/// <summary>Platform operators: principals of configured operator keys, and nobody else.</summary>
public static class Operators
{
    public static bool IsOperator(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
                                 && i.HasClaim(LedgerClaims.Operator, "true") && !i.HasClaim(c => c.Type == LedgerClaims.Consortium));
}
