using SharingLedger.Loans;
using SharingLedger.Tests.Support;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Loans;

/// <summary>The lifecycle table, tried over HTTP pair by pair: every allowed step works, every other one is a 409 that records nothing.</summary>
public class LifecycleTableTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static LoanScenario? _shared;
    private static readonly Dictionary<(string Type, string State), Guid> Parked = [];

    public static TheoryData<string, string, string> DisallowedPairs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var type in new[] { "loan", "copy" })
            foreach (var state in LifecycleTable.PathsFor(type).Keys)
                foreach (var action in LifecycleTable.Actions.Where(a => LifecycleTable.Next(type, state, a) is null))
                    data.Add(type, state, action);
        return data;
    }

    public static TheoryData<string, string, string, string> AllowedPairs()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var type in new[] { "loan", "copy" })
            foreach (var (from, action, to, only) in LifecycleTable.Allowed.Where(t => t.Only is null || t.Only == type))
                data.Add(type, from, action, to);
        return data;
    }

    [Fact]
    public void The_service_table_is_the_expected_table()
    {
        var service = LoanLifecycle.Table
            .Select(t => (t.From.Name(), t.Action.Name(), t.To.Name(), t.Only?.ToString().ToLowerInvariant()))
            .OrderBy(t => t.ToString()).ToList();
        Assert.Equal(LifecycleTable.Allowed.OrderBy(t => t.ToString()).ToList(), service);
        Assert.Equal(LifecycleTable.States.Order(), Enum.GetValues<LoanState>().Select(s => s.Name()).Order());
        Assert.Equal(LifecycleTable.Actions.Order(), Enum.GetValues<LoanAction>().Select(a => a.Name()).Order());
    }

    [Fact]
    public void Every_state_is_reached_by_a_path_of_allowed_steps()
    {
        foreach (var type in new[] { "loan", "copy" })
            foreach (var (state, path) in LifecycleTable.PathsFor(type))
            {
                var at = "requested";
                foreach (var action in path) at = LifecycleTable.Next(type, at, action) ?? throw new Xunit.Sdk.XunitException($"{type}: {action} from {at}");
                Assert.Equal(state, at);
            }
        Assert.Equal(LifecycleTable.States.Where(s => s != "copyCompleted").Order(), LifecycleTable.LoanPaths.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(DisallowedPairs))]
    public async Task A_disallowed_step_is_a_409_naming_the_state_and_records_nothing(string type, string state, string action)
    {
        var (s, loan) = await Parked_in(type, state);
        var before = await s.StoredVersion(loan);

        var (status, body) = await s.Act(loan, action, LifecycleTable.Body(action));

        Assert.True(status == 409, $"{type} in {state}, {action}: {status} {body}");
        Assert.Equal(state, body.GetProperty("state").GetString());
        Assert.Contains($"'{state}'", body.GetProperty("detail").GetString());
        Assert.Equal(before, await s.StoredVersion(loan));
        Assert.Equal(state, await s.State(loan));
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public async Task An_allowed_step_is_recorded_and_leads_to_its_state(string type, string from, string action, string to)
    {
        var s = await Shared();
        var loan = await Walk(s, type, from);
        var before = await s.StoredVersion(loan);

        var (status, body) = await s.Act(loan, action, LifecycleTable.Body(action));

        Assert.True(status == 200, $"{type} in {from}, {action}: {status} {body}");
        Assert.Equal(to, body.GetProperty("state").GetString());
        Assert.Equal(to, await s.State(loan));
        Assert.True(await s.StoredVersion(loan) > before);
    }

    private async Task<LoanScenario> Shared()
    {
        await Gate.WaitAsync();
        try { return _shared ??= await LoanScenario.WithDefaultFees(Host, Api, "A", "B"); }
        finally { Gate.Release(); }
    }

    /// <summary>One loan per (type, state), reused: a refused step changes nothing, so it stays where it is.</summary>
    private async Task<(LoanScenario, Guid)> Parked_in(string type, string state)
    {
        var s = await Shared();
        await Gate.WaitAsync();
        try
        {
            if (!Parked.TryGetValue((type, state), out var loan)) Parked[(type, state)] = loan = await Walk(s, type, state);
            return (s, loan);
        }
        finally { Gate.Release(); }
    }

    private static async Task<Guid> Walk(LoanScenario s, string type, string state)
    {
        var loan = await s.Request("A", "B", type);
        foreach (var action in LifecycleTable.PathsFor(type)[state]) await s.Do(loan, action, LifecycleTable.Body(action));
        Assert.Equal(state, await s.State(loan));
        return loan;
    }
}
