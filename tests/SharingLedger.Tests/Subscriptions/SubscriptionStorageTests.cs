using SharingLedger.Infrastructure.Answers;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Subscriptions;
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

    /// <summary>
    /// The forms' choice of a subscription is read out of the stored documents by PostgreSQL: each subscription of the consortium (not
    /// another's) with its current term's number and days, invoiced or not, in the order of the API's list (resource, then id).
    /// </summary>
    [Fact]
    public async Task The_forms_choices_name_each_subscriptions_current_term_and_whether_it_is_invoiced()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 500, "400000.00"), ("B", 300, "300000.00"));
        var renewed = await s.Contract("600.00", s.Participants("A", "B"), resource: "Web of Science");
        Assert.Equal(201, (await s.Invoice(renewed, "600.00", "CNY")).Status);
        await Api.Ok(Api.Post($"{s.Url}/{renewed}/renewals", new { termEnd = "2027-12-31", price = new { amount = "700.00", currency = "CNY" } }));
        var invoiced = await s.Contract("10000.00", s.Participants("A", "B"), resource: "Scopus");
        Assert.Equal(201, (await s.Invoice(invoiced, "10000.00", "CNY")).Status);
        var other = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("C", 100, "1000.00"));
        await other.Contract("50.00", other.Participants("C"), resource: "Another consortium's");

        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(s.ConsortiumId));
        var choices = await SubscriptionChoice.InAsync(session, Host.Host.Services.GetRequiredService<ConsortiumMemo>(), s.ConsortiumId, TestContext.Current.CancellationToken);

        Assert.Equal([
            new SubscriptionChoice(invoiced, "Scopus", "EBSCO", 1, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), true),
            new SubscriptionChoice(renewed, "Web of Science", "EBSCO", 2, new LocalDate(2027, 1, 1), new LocalDate(2027, 12, 31), false),
        ], choices);
    }
}
