namespace SharingLedger.Tests.Loans;

/// <summary>
/// The lifecycle as the tests expect it, written out independently of the production table: (from, action) → to, and
/// whether the row is for loans only ("loan") or copies only ("copy"). Paths say how a test reaches each state.
/// </summary>
public static class LifecycleTable
{
    public static readonly string[] States =
    [
        "requested", "expectToSupply", "willSupply", "holdPlaced", "conditional", "retryPossible", "unfilled", "cancelled", "shipped",
        "received", "overdue", "recalled", "returnShipped", "loanCompleted", "copyCompleted", "completedWithoutReturn", "damaged", "lost",
        "replacementBilled",
    ];

    public static readonly string[] Actions =
    [
        "expectToSupply", "willSupply", "holdPlaced", "conditional", "acceptCondition", "declineCondition", "unfilled", "retryPossible",
        "shipped", "received", "overdue", "recalled", "renewed", "returnShipped", "loanCompleted", "copyCompleted", "completedWithoutReturn",
        "cancelled", "lost", "billReplacement", "damaged",
    ];

    public static readonly (string From, string Action, string To, string? Only)[] Allowed =
    [
        ("requested", "expectToSupply", "expectToSupply", null), ("requested", "willSupply", "willSupply", null),
        ("requested", "holdPlaced", "holdPlaced", null), ("requested", "conditional", "conditional", null),
        ("requested", "unfilled", "unfilled", null), ("requested", "retryPossible", "retryPossible", null),
        ("requested", "shipped", "shipped", "loan"), ("requested", "copyCompleted", "copyCompleted", "copy"),
        ("requested", "cancelled", "cancelled", null),

        ("expectToSupply", "willSupply", "willSupply", null), ("expectToSupply", "holdPlaced", "holdPlaced", null),
        ("expectToSupply", "conditional", "conditional", null), ("expectToSupply", "unfilled", "unfilled", null),
        ("expectToSupply", "retryPossible", "retryPossible", null), ("expectToSupply", "shipped", "shipped", "loan"),
        ("expectToSupply", "copyCompleted", "copyCompleted", "copy"), ("expectToSupply", "cancelled", "cancelled", null),

        ("willSupply", "holdPlaced", "holdPlaced", null), ("willSupply", "conditional", "conditional", null),
        ("willSupply", "unfilled", "unfilled", null), ("willSupply", "shipped", "shipped", "loan"),
        ("willSupply", "copyCompleted", "copyCompleted", "copy"), ("willSupply", "cancelled", "cancelled", null),

        ("holdPlaced", "willSupply", "willSupply", null), ("holdPlaced", "conditional", "conditional", null),
        ("holdPlaced", "unfilled", "unfilled", null), ("holdPlaced", "shipped", "shipped", "loan"),
        ("holdPlaced", "copyCompleted", "copyCompleted", "copy"), ("holdPlaced", "cancelled", "cancelled", null),

        ("conditional", "acceptCondition", "willSupply", null), ("conditional", "declineCondition", "cancelled", null),
        ("conditional", "unfilled", "unfilled", null), ("conditional", "cancelled", "cancelled", null),

        ("shipped", "received", "received", "loan"), ("shipped", "lost", "lost", "loan"),

        ("received", "overdue", "overdue", "loan"), ("received", "recalled", "recalled", "loan"), ("received", "renewed", "received", "loan"),
        ("received", "returnShipped", "returnShipped", "loan"), ("received", "completedWithoutReturn", "completedWithoutReturn", "loan"),
        ("received", "lost", "lost", "loan"), ("received", "damaged", "damaged", "loan"),

        ("overdue", "renewed", "received", "loan"), ("overdue", "recalled", "recalled", "loan"),
        ("overdue", "returnShipped", "returnShipped", "loan"), ("overdue", "completedWithoutReturn", "completedWithoutReturn", "loan"),
        ("overdue", "lost", "lost", "loan"), ("overdue", "damaged", "damaged", "loan"),

        ("recalled", "overdue", "overdue", "loan"), ("recalled", "returnShipped", "returnShipped", "loan"),
        ("recalled", "completedWithoutReturn", "completedWithoutReturn", "loan"), ("recalled", "lost", "lost", "loan"),
        ("recalled", "damaged", "damaged", "loan"),

        ("returnShipped", "loanCompleted", "loanCompleted", "loan"), ("returnShipped", "lost", "lost", "loan"),
        ("returnShipped", "damaged", "damaged", "loan"),

        ("damaged", "returnShipped", "returnShipped", "loan"), ("damaged", "loanCompleted", "loanCompleted", "loan"),
        ("damaged", "completedWithoutReturn", "completedWithoutReturn", "loan"), ("damaged", "lost", "lost", "loan"),

        ("lost", "billReplacement", "replacementBilled", "loan"), ("lost", "completedWithoutReturn", "completedWithoutReturn", "loan"),
    ];

    /// <summary>The actions that take a request from "requested" to each state, for a loan.</summary>
    public static readonly Dictionary<string, string[]> LoanPaths = new()
    {
        ["requested"] = [], ["expectToSupply"] = ["expectToSupply"], ["willSupply"] = ["willSupply"], ["holdPlaced"] = ["holdPlaced"],
        ["conditional"] = ["conditional"], ["retryPossible"] = ["retryPossible"], ["unfilled"] = ["unfilled"], ["cancelled"] = ["cancelled"],
        ["shipped"] = ["shipped"], ["received"] = ["shipped", "received"], ["overdue"] = ["shipped", "received", "overdue"],
        ["recalled"] = ["shipped", "received", "recalled"], ["returnShipped"] = ["shipped", "received", "returnShipped"],
        ["loanCompleted"] = ["shipped", "received", "returnShipped", "loanCompleted"],
        ["completedWithoutReturn"] = ["shipped", "received", "completedWithoutReturn"], ["damaged"] = ["shipped", "received", "damaged"],
        ["lost"] = ["shipped", "received", "lost"], ["replacementBilled"] = ["shipped", "received", "lost", "billReplacement"],
    };

    /// <summary>The same for a copy request: nothing after the copy is delivered.</summary>
    public static readonly Dictionary<string, string[]> CopyPaths = new()
    {
        ["requested"] = [], ["expectToSupply"] = ["expectToSupply"], ["willSupply"] = ["willSupply"], ["holdPlaced"] = ["holdPlaced"],
        ["conditional"] = ["conditional"], ["retryPossible"] = ["retryPossible"], ["unfilled"] = ["unfilled"], ["cancelled"] = ["cancelled"],
        ["copyCompleted"] = ["copyCompleted"],
    };

    public static Dictionary<string, string[]> PathsFor(string type) => type == "loan" ? LoanPaths : CopyPaths;

    public static string? Next(string type, string state, string action) =>
        Allowed.Where(t => t.From == state && t.Action == action && (t.Only is null || t.Only == type)).Select(t => t.To).FirstOrDefault();

    /// <summary>A body each action accepts, so that a refusal can only come from the lifecycle.</summary>
    public static object Body(string action) => action switch
    {
        "conditional" => new { offeredCost = LoanScenario.Usd("12.00") },
        "copyCompleted" => new { pages = 12 },
        "renewed" => new { dueDate = "2027-01-31" },
        "billReplacement" => new { replacementCost = LoanScenario.Usd("80.00") },
        _ => new { },
    };
}
