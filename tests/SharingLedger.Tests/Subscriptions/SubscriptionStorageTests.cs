using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// A subscription is stored without what is worked out from it (its current term, a term's latest split, its period and next
/// revision): at national size (2,000 participants) those copies made each stored document about four times its 0.8 MB of state.
/// The API still answers them, and the document read back works them out again.
/// </summary>
public class SubscriptionStorageTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task A_subscription_is_stored_without_its_derived_copies_and_answered_with_them()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 500, "400000.00"), ("B", 300, "300000.00"));
        var sub = await s.Contract("10000.00", s.Participants("A", "B"));
        Assert.Equal(201, (await s.Invoice(sub, "10000.00", "CNY")).Status);

        await using var command = Host.DataSource().CreateCommand("select data::text from ledger.mt_doc_subscription where id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sub });
        using var stored = System.Text.Json.JsonDocument.Parse((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        var term = stored.RootElement.GetProperty("terms")[0];
        Assert.False(stored.RootElement.TryGetProperty("current", out _), "the current term is not stored");
        foreach (var derived in new[] { "latest", "splitDecidedByFinance", "period", "nextRevision" })
            Assert.False(term.TryGetProperty(derived, out _), $"a term's {derived} is not stored");
        Assert.Equal(2, term.GetProperty("apportionments")[0].GetProperty("cost").GetProperty("lines").GetArrayLength());

        var answered = await Api.Ok(Api.Get($"{s.Url}/{sub}"));
        Assert.Equal("5000.00", answered.GetProperty("current").GetProperty("latest").GetProperty("cost").GetProperty("lines")[0]
            .GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(2, answered.GetProperty("terms")[0].GetProperty("nextRevision").GetInt32());
    }
}
