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
    /// <summary>The consortium a principal belongs to; absent for a platform operator, who may act on any.</summary>
    public const string Consortium = "consortium_id";

    /// <summary>The member a member system acts for.</summary>
    public const string Member = "member_id";

    public const string Role = "role";
}
