namespace SharingLedger.Loans;

/// <summary>
/// What the lender or the borrower does to a request after it was made. Each is one route segment
/// (<c>POST …/loans/{loanId}/{action}</c>, camelCase) and one ISO 18626 status or requester action.
/// </summary>
[System.ComponentModel.Description("An ISO 18626 step on a loan.")]
public enum LoanAction
{
    ExpectToSupply,
    WillSupply,
    HoldPlaced,
    Conditional,
    AcceptCondition,
    DeclineCondition,
    Unfilled,
    RetryPossible,
    Shipped,
    Received,
    Overdue,
    Recalled,
    Renewed,
    ReturnShipped,
    LoanCompleted,
    CopyCompleted,
    CompletedWithoutReturn,
    Cancelled,
    Lost,
    BillReplacement,
    Damaged,
}

public static class LoanActionNames
{
    private static readonly Dictionary<string, LoanAction> ByName =
        Enum.GetValues<LoanAction>().ToDictionary(Name, a => a, StringComparer.Ordinal);

    /// <summary>The route and JSON name of an action: camelCase (<c>acceptCondition</c>).</summary>
    public static string Name(this LoanAction action) => Camel(action.ToString());

    public static string Name(this LoanState state) => Camel(state.ToString());

    public static bool TryParse(string? name, out LoanAction action) => ByName.TryGetValue(name ?? "", out action);

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
