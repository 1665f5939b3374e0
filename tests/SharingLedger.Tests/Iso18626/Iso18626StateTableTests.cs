using System.Text;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Iso18626;
using SharingLedger.Kernel.Lending;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Tests.Loans;
using static SharingLedger.Tests.Iso18626.Iso18626Client;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// Every row of docs/iso18626-states.md (written by hand from the standard and the lifecycle, not from the code), and
/// every state × message pair it does not list (answered ERROR UnrecognisedDataValue), run through the intake's decision
/// for loans, copies and copy-or-loan requests: the ISO message is parsed and mapped as the intake does, the request is
/// brought to its state by the JSON API's own actions (steps dated 2026-10-02 onwards), and the message is dated 2026-10-15.
/// </summary>
public class Iso18626StateTableTests
{
    private const string A = "ISIL:US-AAA", B = "ISIL:US-BBB";
    private static readonly Instant Now = Instant.FromUtc(2026, 10, 20, 12, 0);
    private static readonly LocalDate Today = new(2026, 10, 20);
    private const string Probe = "2026-10-15T10:00:00Z";
    private static readonly Guid L = Guid.Parse("1c0a4d2e-0000-4000-8000-0000000000aa");

    /// <summary>The messages the table speaks of, and the message each stands for.</summary>
    public static readonly Dictionary<string, string> Messages = new()
    {
        ["S RequestReceived"] = Supplying(B, A, "ILL-1", "RequestReceived", Probe, reason: "RequestResponse"),
        ["S ExpectToSupply"] = Supplying(B, A, "ILL-1", "ExpectToSupply", Probe, reason: "RequestResponse"),
        ["S WillSupply"] = Supplying(B, A, "ILL-1", "WillSupply", Probe, reason: "RequestResponse"),
        ["S WillSupply + offeredCosts"] = Supplying(B, A, "ILL-1", "WillSupply", Probe, reason: "RequestResponse", offeredCost: "12.00"),
        ["S Loaned"] = Supplying(B, A, "ILL-1", "Loaned", Probe, dueDate: "2026-11-15T00:00:00Z"),
        ["S CopyCompleted"] = Supplying(B, A, "ILL-1", "CopyCompleted", Probe, note: "pages: 12"),
        ["S Overdue"] = Supplying(B, A, "ILL-1", "Overdue", Probe),
        ["S Recalled"] = Supplying(B, A, "ILL-1", "Recalled", Probe),
        ["S RetryPossible"] = Supplying(B, A, "ILL-1", "RetryPossible", Probe, reason: "RequestResponse"),
        ["S Unfilled"] = Supplying(B, A, "ILL-1", "Unfilled", Probe, reason: "RequestResponse"),
        ["S LoanCompleted"] = Supplying(B, A, "ILL-1", "LoanCompleted", Probe),
        ["S CompletedWithoutReturn"] = Supplying(B, A, "ILL-1", "CompletedWithoutReturn", Probe),
        ["S Cancelled"] = Supplying(B, A, "ILL-1", "Cancelled", Probe),
        ["S RenewResponse Y"] = Supplying(B, A, "ILL-1", "Loaned", Probe, reason: "RenewResponse", answer: "Y", dueDate: "2026-11-30T00:00:00Z"),
        ["S RenewResponse N"] = Supplying(B, A, "ILL-1", "Loaned", Probe, reason: "RenewResponse", answer: "N"),
        ["S CancelResponse Y"] = Supplying(B, A, "ILL-1", "Cancelled", Probe, reason: "CancelResponse", answer: "Y"),
        ["S CancelResponse N"] = Supplying(B, A, "ILL-1", "WillSupply", Probe, reason: "CancelResponse", answer: "N"),
        ["R StatusRequest"] = Requesting(B, A, "ILL-1", "StatusRequest", Probe),
        ["R Received"] = Requesting(B, A, "ILL-1", "Received", Probe),
        ["R Cancel"] = Requesting(B, A, "ILL-1", "Cancel", Probe),
        ["R Renew"] = Requesting(B, A, "ILL-1", "Renew", Probe),
        ["R ShippedReturn"] = Requesting(B, A, "ILL-1", "ShippedReturn", Probe),
        ["R ShippedForward"] = Requesting(B, A, "ILL-1", "ShippedForward", Probe),
        ["R Notification"] = Requesting(B, A, "ILL-1", "Notification", Probe, note: "Please hurry"),
        ["R Notification ACCEPT"] = Requesting(B, A, "ILL-1", "Notification", Probe, note: "ACCEPT"),
        ["R Notification REJECT"] = Requesting(B, A, "ILL-1", "Notification", Probe, note: "REJECT"),
    };

    private static readonly Dictionary<string, ServiceType> Types = new()
    {
        ["loan"] = ServiceType.Loan, ["copy"] = ServiceType.Copy, ["copyOrLoan"] = ServiceType.CopyOrLoan,
    };

    /// <summary>The states each type of request can be in before a message arrives, and the JSON actions that bring it there.</summary>
    private static Dictionary<string, string[]> Paths(string type) => type switch
    {
        "loan" => LifecycleTable.LoanPaths,
        "copy" => LifecycleTable.CopyPaths,
        _ => LifecycleTable.CopyPaths.Where(p => p.Key != "copyCompleted").ToDictionary(), // delivered, it is a copy
    };

    public sealed record Row(string From, string[] Types, string Message, string To, string Answer, string Records)
    {
        public override string ToString() => $"{From} | {string.Join(",", Types)} | {Message}";
    }

    public static IReadOnlyList<Row> Table { get; } = ReadTable();

    private static IReadOnlyList<Row> ReadTable()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SharingLedger.sln"))) dir = dir.Parent;
        var lines = File.ReadAllLines(Path.Combine(dir!.FullName, "docs", "iso18626-states.md"));
        var start = Array.IndexOf(lines, "## The table");
        return lines.Skip(start).SkipWhile(l => !l.StartsWith("| From")).Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => new Row(c[0], c[1] == "all" ? [.. Types.Keys] : c[1].Split(',', StringSplitOptions.TrimEntries), c[2], c[3], c[4], c[5]))
            .ToList();
    }

    public static TheoryData<string, string, string> ListedCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Table)
            foreach (var type in row.Types)
                foreach (var state in Paths(type).Keys.Where(s => row.From == "*" || row.From == s))
                    data.Add(type, state, row.Message);
        return data;
    }

    [Fact]
    public void Every_row_names_known_states_and_messages_applies_somewhere_and_no_pair_has_two_rows()
    {
        Assert.True(Table.Count > 50, $"The table was not read: {Table.Count} rows.");
        foreach (var row in Table)
        {
            Assert.True(Messages.ContainsKey(row.Message), $"Unknown message in row {row}");
            Assert.True(row.Types.All(Types.ContainsKey), $"Unknown type in row {row}");
            Assert.True(row.Types.Any(t => row.From == "*" || Paths(t).ContainsKey(row.From)), $"Row {row} applies to no request.");
            Assert.True(row.To == "—" || LifecycleTable.States.Contains(row.To), $"Unknown state in row {row}");
        }
        foreach (var type in Types.Keys)
            foreach (var state in Paths(type).Keys)
                foreach (var message in Messages.Keys)
                    Assert.True(Rows(type, state, message).Count() <= 1, $"Two rows for {type} {state} {message}");
    }

    [Theory]
    [MemberData(nameof(ListedCases))]
    public void A_listed_row_does_what_the_table_says(string type, string state, string message) =>
        Check(type, state, message, Assert.Single(Rows(type, state, message)));

    [Fact]
    public void Every_pair_the_table_does_not_list_is_answered_UnrecognisedDataValue_and_records_nothing()
    {
        var checkedPairs = 0;
        foreach (var type in Types.Keys)
            foreach (var state in Paths(type).Keys)
                foreach (var message in Messages.Keys.Where(m => !Rows(type, state, m).Any()))
                {
                    Check(type, state, message, new Row(state, [type], message, "—", "ERROR UnrecognisedDataValue", "nothing"));
                    checkedPairs++;
                }
        Assert.True(checkedPairs > 300, $"Only {checkedPairs} pairs are unlisted: the table lists more than it should.");
    }

    private static IEnumerable<Row> Rows(string type, string state, string message) =>
        Table.Where(r => r.Message == message && r.Types.Contains(type) && (r.From == "*" || r.From == state));

    private static void Check(string type, string state, string message, Row row)
    {
        var loan = Reach(Types[type], Paths(type)[state]);
        Assert.Equal(state, loan.State.Name());

        var parsed = Assert.IsType<Iso18626Parsed>(Iso18626Xml.Parse(Encoding.UTF8.GetBytes(Messages[message]), SharingLedger.Iso18626.Iso18626Schema.Set));
        var step = parsed.Kind == Iso18626Kind.SupplyingAgencyMessage
            ? Iso18626Mapping.Supplier(parsed.Body, parsed.Header, DateTimeZone.Utc, Today)
            : Iso18626Mapping.Requester(parsed.Body, parsed.Header, DateTimeZone.Utc, Today);
        var (outcome, events) = Iso18626Steps.Decide(loan, step, Context(), Today, Now);
        foreach (var e in events) ((dynamic)loan).Apply((dynamic)e);

        var what = $"{type} {state} × {message}: {outcome}";
        if (row.Answer == "OK") Assert.True(outcome.Ok, what);
        else Assert.True(!outcome.Ok && outcome.ErrorType == row.Answer["ERROR ".Length..], what);
        Assert.Equal(row.To == "—" ? state : row.To, loan.State.Name());
        var recorded = events.Select(e => e.GetType().Name).Where(n => n != nameof(LendingCharged)).ToArray();
        Assert.Equal(row.Records == "nothing" ? [] : row.Records.Split(',', StringSplitOptions.TrimEntries), recorded);
        if (message == "S RenewResponse Y" && outcome.Ok) Assert.Equal(new LocalDate(2026, 11, 30), loan.DueDate);
        if (message == "S Loaned" && events.Count > 0) Assert.Equal(ServiceType.Loan, loan.ServiceType);
        if (message == "S CopyCompleted" && events.Count > 0) Assert.Equal(ServiceType.Copy, loan.ServiceType);
    }

    /// <summary>A request of this type (2026-10-01) brought to its state by the JSON API's actions, one a day from 2026-10-02.</summary>
    private static Loan Reach(ServiceType type, string[] path)
    {
        var loan = Loan.Create(new LoanRequested(L, Guid.NewGuid(), Guid.NewGuid(), "A", Guid.NewGuid(), "B", type, ServiceLevel.Normal, null,
            "ILL-1", null, new LocalDate(2026, 10, 1), Now));
        var day = new LocalDate(2026, 10, 2);
        foreach (var name in path)
        {
            var action = Enum.Parse<LoanAction>(name, ignoreCase: true);
            var input = new LoanActionInput(On: day) with
            {
                OfferedCost = action == LoanAction.Conditional ? new MoneyInput("12.00", "USD") : null,
                Pages = action == LoanAction.CopyCompleted ? 12 : null,
                ReplacementCost = action == LoanAction.BillReplacement ? new MoneyInput("80.00", "USD") : null,
            };
            var decision = Assert.IsType<LoanDecision.Accepted>(LoanDecisions.Act(loan, action, input, Context(), Now));
            foreach (var e in decision.Events) ((dynamic)loan).Apply((dynamic)e);
            day = day.PlusDays(1);
        }
        return loan;
    }

    private static LoanContext Context() => new(Today, "USD",
        Member.Create(new MemberAdmitted(Guid.NewGuid(), Guid.NewGuid(), "A", "A", MemberKind.Public, 10m, 1000, Money.Parse("1000.00", "USD"), null,
            new LocalDate(2020, 1, 1), Now)), null, new HashSet<string>());
}
