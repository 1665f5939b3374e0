using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Obligations;
using SharingLedger.Subscriptions;
using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Obligations;

/// <summary>
/// What the shared costs' projections keep beside their snapshots (each member's items, a subscription's member rows and outline) is
/// checked by the audit verification against what the snapshots give, and kept again from them by <c>rebuild-member-items</c>
/// (<see cref="RebuildMemberItemsCommand.RunAsync"/>, what the command calls): Marten does not rewrite them when it rebuilds a
/// projection. A write to a subscription while its documents are kept again waits and keeps its own after.
/// </summary>
public class KeptBesideTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<JsonElement> Verify(Guid c) => await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));

    private static JsonElement Check(JsonElement body, string figure) =>
        body.GetProperty("derived").EnumerateArray().Single(d => d.GetProperty("figure").GetString() == figure);

    private static (long Checked, string? Key, string? Code) Found(JsonElement body, string figure)
    {
        var check = Check(body, figure);
        var broken = check.GetProperty("firstBreak");
        return (check.GetProperty("checked").GetInt64(), broken.ValueKind == JsonValueKind.Null ? null : broken.GetProperty("key").GetString(),
            broken.ValueKind == JsonValueKind.Null ? null : broken.GetProperty("code").GetString());
    }

    // Asked for by limit: worked out each time (the first page alone is stored and sent again until a subscription changes).
    private async Task<string> ListOf(SubscriptionScenario s, string code, string query = "?limit=100") =>
        (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members[code]}/subscriptions{query}"))).GetRawText();

    // As of a date: worked out each time (today's answer is stored as sent until what it comes from changes).
    private async Task<string> ObligationsOf(Guid c, Guid member) =>
        (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/obligations?fiscalYear=2026&asOf=2026-11-01"))).GetRawText();

    /// <summary>
    /// Equal rule, members A, B and C. Dues of 1,000.00 for 2026 make three items; "Academic Search Complete" (9,000.00, all three)
    /// invoiced makes three shares of 3,000.00, three member rows and an outline. Damaged by hand in PostgreSQL: B's row deleted (B's
    /// list is empty, and its first page is stored so), A's dues item moved to 2027 (A's 2026 obligations lose it), a copy of C's share under another key. Each is named;
    /// the command keeps them again and every answer is as it was.
    /// </summary>
    [Fact]
    public async Task Damaged_kept_documents_are_named_by_the_verification_and_kept_again_from_the_snapshots()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var c = s.ConsortiumId;
        var (a, b, cm) = (s.Members["A"], s.Members["B"], s.Members["C"]);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var asc = await s.Contract("9000.00", s.Participants("A", "B", "C"));
        await Api.Ok(s.Invoice(asc, "9000.00"), 201);

        var intact = await Verify(c);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Equal((3L, null, null), Found(intact, "dues-items"));
        Assert.Equal((3L, null, null), Found(intact, "subscription-items"));
        Assert.Equal((4L, null, null), Found(intact, "subscription-rows"));
        Assert.Equal((0L, null, null), Found(intact, "procurement-items"));
        Assert.Equal((0L, null, null), Found(intact, "clearing-items"));
        var (listOfB, obligationsOfA) = (await ListOf(s, "B"), await ObligationsOf(c, a));
        Assert.Contains("3000.00", listOfB);

        Assert.Equal(1, await Host.Sql("delete from ledger.mt_doc_membersubscription where id = $1", $"{asc:N}:{b:N}"));
        Assert.Equal(1, await Host.Sql("""
            update ledger.mt_doc_memberobligationitem set data = jsonb_set(data, '{countsOn}', '"2027-01-01"')
            where member_id = $1 and data->>'kind' = 'dues'
            """, a));
        Assert.Equal(1, await Host.Sql("""
            insert into ledger.mt_doc_memberobligationitem (tenant_id, id, data, mt_last_modified, mt_version, mt_dotnet_type, member_id, source_id)
            select tenant_id, id || ':copied', jsonb_set(data, '{id}', to_jsonb(id || ':copied')), mt_last_modified, mt_version, mt_dotnet_type, member_id, source_id
            from ledger.mt_doc_memberobligationitem where member_id = $1 and source_id = $2
            """, cm, asc));
        Assert.Equal("[]", await ListOf(s, "B"));
        Assert.Equal("[]", await ListOf(s, "B", query: "")); // the first page, stored as sent from the damaged rows
        Assert.NotEqual(obligationsOfA, await ObligationsOf(c, a));

        var broken = await Verify(c);
        Assert.Equal("derived-differs", broken.GetProperty("state").GetString());
        var (_, duesKey, duesCode) = Found(broken, "dues-items");
        Assert.EndsWith($":{a:N}", duesKey);
        Assert.Equal("kept-differs", duesCode);
        var (items, itemKey, itemCode) = Found(broken, "subscription-items"); // key "{source}:{position}:{member}"
        Assert.Equal((4L, "kept-without-source"), (items, itemCode));
        Assert.Matches($"^{asc:N}:[0-2]:{cm:N}:copied$", itemKey);
        Assert.Equal((4L, $"row {asc:N}:{b:N}", "kept-missing"), Found(broken, "subscription-rows"));
        Assert.Contains("not stored, though its snapshot gives it",
            Check(broken, "subscription-rows").GetProperty("firstBreak").GetProperty("reason").GetString());

        var output = new StringWriter();
        Assert.True(await RebuildMemberItemsCommand.RunAsync(Store, Host.Host.Services.GetServices<IKeptBeside>(), c, output, Ct), output.ToString());
        Assert.Contains("3 dues-items kept again from 1 snapshots", output.ToString());
        Assert.Contains("3 subscription-items kept again from 1 snapshots", output.ToString());
        Assert.Contains("4 subscription-rows kept again from 1 snapshots", output.ToString());

        var repaired = await Verify(c);
        Assert.True(repaired.GetProperty("intact").GetBoolean(), repaired.ToString());
        Assert.Equal((3L, null, null), Found(repaired, "subscription-items"));
        Assert.Equal(listOfB, await ListOf(s, "B"));
        Assert.Equal(listOfB, await ListOf(s, "B", query: "")); // the stored first page is out of date after the repair
        Assert.Equal(obligationsOfA, await ObligationsOf(c, a));
    }

    /// <summary>
    /// A subscription's documents are being kept again (its snapshot read for update, the transaction not yet committed) when the
    /// subscription is invoiced: the invoice waits for that transaction, then keeps its own rows, so the rows show the invoice and
    /// A's and B's shares of 4,500.00 (9,000.00 equally between two), not the view from before it.
    /// </summary>
    [Fact]
    public async Task A_write_while_a_subscription_is_kept_again_waits_and_keeps_its_own_after()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"));
        var asc = await s.Contract("9000.00", s.Participants("A", "B"));

        Task<(int Status, JsonElement Body)> invoicing;
        await using (var keeping = Store.LightweightSession(ConsortiumTenancy.TenantOf(s.ConsortiumId)))
        {
            Assert.Equal(3, await MemberSubscriptions.Kept.KeepAgainAsync(keeping, [asc], Ct)); // two rows and the outline
            invoicing = s.Invoice(asc, "9000.00");
            await Task.Delay(1500, Ct);
            Assert.False(invoicing.IsCompleted, "the invoice was recorded while the subscription's snapshot was held");
            await keeping.SaveChangesAsync(Ct);
        }
        await Api.Ok(invoicing, 201);

        var list = JsonDocument.Parse(await ListOf(s, "A")).RootElement;
        var term = list[0].GetProperty("terms")[0];
        Assert.Equal(JsonValueKind.Object, term.GetProperty("invoice").ValueKind);
        Assert.Equal("4500.00", term.GetProperty("share").GetProperty("amount").GetProperty("amount").GetString());
        var verified = await Verify(s.ConsortiumId);
        Assert.True(verified.GetProperty("intact").GetBoolean(), verified.ToString());
    }

    /// <summary>
    /// The verification reads each kept document as a digest of its stored JSON and compares it with the digest of the one the snapshot
    /// makes (<see cref="JsonbText"/>), reading a page whole only where they differ. For the documents the projections keep (dues
    /// items; a subscription in Chinese, with standalone prices, contracted, invoiced and paid: its items, rows and outline), the two
    /// digests agree: an intact consortium is verified without reading a kept document whole.
    /// </summary>
    [Fact]
    public async Task Every_kept_document_of_an_intact_consortium_is_checked_by_its_digest_alone()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        await Api.Ok(Api.AssessDues(s.ConsortiumId, 2026), 201);
        var cnki = await s.Contract("10000.01", s.Participants("A", "B", "C"), resource: "中国知网 CNKI \"期刊\" <全文> & 学位论文",
            standalonePrices: new Dictionary<Guid, object> { [s.Members["A"]] = new { amount = "5000.00", currency = "CNY" } });
        await Api.Ok(s.Invoice(cnki, "10000.01"), 201);

        var serializer = Store.Options.Serializer();
        var compared = new Dictionary<string, int>();
        await using var session = Store.QuerySession(ConsortiumTenancy.TenantOf(s.ConsortiumId));
        foreach (var figure in Host.Host.Services.GetServices<IKeptBeside>())
        {
            var sources = await figure.SourcesAsync(session, Ct);
            var (digests, made) = (await figure.StoredDigestsAsync(session, sources, Ct), await figure.MadeAsync(session, sources, Ct));
            Assert.Equal(made.Keys.Order(), digests.Keys.Order());
            foreach (var (key, document) in made)
                Assert.True(JsonbText.Digest(serializer.ToJson(document)) == digests[key], $"{figure.Figure} {key}: {serializer.ToJson(document)}");
            compared[figure.Figure] = made.Count;
        }
        Assert.Equal(3, compared["dues-items"]);
        Assert.Equal(3, compared["subscription-items"]);
        Assert.Equal(4, compared["subscription-rows"]);
    }
}
