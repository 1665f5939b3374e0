using System.Text.Json;
using NodaTime;
using Npgsql;
using SharingLedger.LendingDuties;
using SharingLedger.Loans;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.LendingDuties;

/// <summary>
/// A member's lending figures read only the loans that can count: those requested, supplied or charged since the fiscal year began, or
/// since the minimum-supplies window began when that is earlier, however long the window (docs/decisions.md, "A member's lending
/// figures read the loans that can count").
/// </summary>
public class LendingLoansReadTests(LedgerHost host) : LedgerTest(host)
{
    private static readonly DateInterval Year2026 = new(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));

    [Theory]
    [InlineData("2026-03-31", 30, "2026-01-01")] // a window within the year: the year's first day
    [InlineData("2026-03-31", 200, "2025-09-13")] // 200 days ending on 31 March (inclusive) began on 13 September
    [InlineData("2026-01-01", 1, "2026-01-01")]
    [InlineData("2026-11-27", 600, "2025-04-07")]
    public void The_loans_are_read_from_the_year_or_the_window_whichever_began_first(string asOf, int windowDays, string since) =>
        Assert.Equal(LocalDate.FromDateTime(DateTime.Parse(since)),
            MemberLendingFigures.LoansSince(Year2026, LocalDate.FromDateTime(DateTime.Parse(asOf)), windowDays));

    [Fact]
    public async Task A_window_longer_than_a_year_counts_the_supplies_of_the_year_before()
    {
        // 600 days ending on the test clock's day (2026-11-27) began on 2025-04-07. B's supplies of earlier years are written as the
        // loans' facts directly (the agreement of the scenario starts in 2026, so the API would not take them).
        var s = await LoanScenario.Create(Host, Api, _ =>
        {
            var fees = LoanScenario.DefaultFees();
            fees["minimumSupplies"] = new { supplies = 3, windowDays = 600 };
            return fees;
        }, "A", "B");
        await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/lending")); // the facts' table made on first use
        await using (var connection = new NpgsqlConnection(Host.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var insert = new NpgsqlCommand($"""
                insert into {LoanFactsTable.Table} (tenant_id, id, borrower_id, lender_id, request_id, borrower_code, service_level, state, requested_on,
                  supplied_on, actions, action_days)
                values ($1, gen_random_uuid(), $2, $3, 'OLD-1', 'A', 'Normal', 'LoanCompleted', date '2025-05-20', date '2025-06-01', array['Shipped'], array[date '2025-06-01']),
                       ($1, gen_random_uuid(), $2, $3, 'OLD-2', 'A', 'Normal', 'LoanCompleted', date '2024-01-02', date '2024-01-10', array['Shipped'], array[date '2024-01-10'])
                """, connection);
            insert.Parameters.Add(new() { Value = s.ConsortiumId.ToString("D") });
            insert.Parameters.Add(new() { Value = s.Members["A"] });
            insert.Parameters.Add(new() { Value = s.Members["B"] });
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await s.Shipped("A", "B", "2026-02-02");

        // The lending view (as of today) and the obligations' lending item: the 2025 supply and this year's, not the 2024 one.
        var view = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["B"]}/lending"));
        var obligations = await Api.Ok(Api.Obligations(s.ConsortiumId, s.Members["B"], 2026));
        var item = obligations.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "lending").GetProperty("lending");
        foreach (var lending in new[] { view, item })
        {
            var window = lending.GetProperty("minimumSupplies");
            Assert.Equal("2025-04-07", window.GetProperty("windowStart").GetString());
            Assert.Equal(2, window.GetProperty("supplied").GetInt32());
            Assert.Equal(1, lending.GetProperty("supplied").GetInt64()); // the year's supplies: 2026's only
        }
    }
}
