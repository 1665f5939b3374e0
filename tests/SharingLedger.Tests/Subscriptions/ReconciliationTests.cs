using SharingLedger.Tests.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

public class ReconciliationTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<(SubscriptionScenario S, Guid Sub)> InvoicedAboveContract()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "equal" }, caps = new { standalonePrice = true } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"), ("C", 1, "1.00"));
        var standalone = SubscriptionScenario.Money("CNY", (s.Members["A"].ToString(), "500.00"), (s.Members["B"].ToString(), "300.00"));
        var sub = await s.Contract("900.00", s.Participants("A", "B", "C"), standalonePrices: standalone);
        await Api.Ok(s.Invoice(sub, "1000.00"), 201);
        return (s, sub);
    }

    [Fact]
    public async Task Reconciliation_shows_invoice_shares_and_the_difference_to_the_contract()
    {
        var (s, sub) = await InvoicedAboveContract();

        var report = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reconciliation?fiscalYear=2026"));

        var line = Assert.Single(report.GetProperty("lines").EnumerateArray());
        Assert.Equal(sub, line.GetProperty("sourceId").GetGuid());
        Assert.Equal("1000.00", line.GetProperty("invoice").GetProperty("baseAmount").GetProperty("amount").GetString());
        Assert.Equal("100.00", line.GetProperty("differenceToContract").GetProperty("amount").GetString());
        Assert.Equal("1000.00", line.GetProperty("apportioned").GetProperty("amount").GetString());
        Assert.True(line.GetProperty("balanced").GetBoolean());
        Assert.True(report.GetProperty("allBalanced").GetBoolean());
        // B is capped at its standalone 300.00; A and C share the rest equally: 350.00 each.
        var shares = line.GetProperty("shares").EnumerateArray().ToDictionary(x => x.GetProperty("memberCode").GetString()!, x => x.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["A"] = "350.00", ["B"] = "300.00", ["C"] = "350.00" }, shares);
    }

    /// <summary>
    /// A node keeps the year's report while no fact of the consortium changes (at national size it is worked out from 100 documents of
    /// 0.8 MB). Seen by changing a stored document by hand, which records no event: the kept report still says what the events made;
    /// once an event of the consortium commits (another subscription contracted), the report is worked out again from what is stored.
    /// </summary>
    [Fact]
    public async Task The_report_is_kept_until_a_fact_of_the_consortium_changes()
    {
        var (s, sub) = await InvoicedAboveContract();
        var url = $"/consortia/{s.ConsortiumId}/reconciliation?fiscalYear=2026";
        Assert.Equal("EBSCO", (await Api.Ok(Api.Get(url))).GetProperty("lines")[0].GetProperty("vendor").GetString());

        await using (var command = Host.DataSource().CreateCommand("update ledger.mt_doc_subscription set data = jsonb_set(data, '{vendor}', '\"Changed by hand\"') where id = $1"))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sub });
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }
        Assert.Equal("EBSCO", (await Api.Ok(Api.Get(url))).GetProperty("lines")[0].GetProperty("vendor").GetString());
        Assert.Equal("EBSCO", (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/reconciliation"))).GetProperty("lines")[0].GetProperty("vendor").GetString());

        var second = await s.Contract("100.00", s.Participants("A", "B"));
        var lines = (await Api.Ok(Api.Get(url))).GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("sourceId").GetGuid(), l => l.GetProperty("vendor").GetString());
        Assert.Equal(new Dictionary<Guid, string?> { [sub] = "Changed by hand", [second] = "EBSCO" }, lines);
    }

    [Fact]
    public async Task Reconciliation_as_csv_has_a_summary_row_and_one_row_per_share()
    {
        var (s, sub) = await InvoicedAboveContract();

        var result = await Host.Host.Scenario(x =>
        {
            x.Get.Url($"/consortia/{s.ConsortiumId}/reconciliation.csv?fiscalYear=2026");
        });
        Assert.Equal("text/csv; charset=utf-8", result.Context.Response.ContentType);
        var rows = (await result.ReadAsTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.TrimEnd('\r').Split(',')).ToList();

        Assert.Equal("kind", rows[0][0]);
        Assert.Equal(5, rows.Count); // header, summary, three shares
        var col = rows[0].Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        Assert.Equal(sub.ToString(), rows[1][col["source_id"]]);
        Assert.Equal("100.00", rows[1][col["difference_to_contract"]]);
        Assert.Equal("true", rows[1][col["balanced"]]);
        Assert.Equal(100000, rows.Skip(2).Sum(r => (long)(decimal.Parse(r[col["member_share"]], System.Globalization.CultureInfo.InvariantCulture) * 100)));
    }

    /// <summary>
    /// The CSV is written a cost at a time: a cost's own columns, quoted where a spreadsheet needs it, begin its summary row and every
    /// share's row alike, in UTF-8, and it downloads under the year's name.
    /// </summary>
    [Fact]
    public async Task Reconciliation_as_csv_quotes_what_a_spreadsheet_would_misread_in_every_row()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("A", 1, "1.00"), ("B", 1, "1.00"));
        const string resource = "=中国知网, \"全文\" 库";
        var sub = await s.Contract("100.00", s.Participants("A", "B"), resource: resource);
        await Api.Ok(s.Invoice(sub, "100.00"), 201);

        var result = await Host.Host.Scenario(x => x.Get.Url($"/consortia/{s.ConsortiumId}/reconciliation.csv?fiscalYear=2026"));
        Assert.Contains("filename=reconciliation-2026.csv", result.Context.Response.Headers.ContentDisposition.ToString());
        var text = await result.ReadAsTextAsync();
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length); // header, summary, two shares
        // the description "{resource} term 1": a formula's leading quote, then quoted for its comma, its quotes doubled
        const string description = "\"'=中国知网, \"\"全文\"\" 库 term 1\"";
        Assert.All(rows.Skip(1), r => Assert.StartsWith($"subscription,{sub:D},{description},EBSCO,2026-01-01,2026-12-31,", r));
        Assert.EndsWith(",true,,,,CNY", rows[1]);
        Assert.EndsWith($",true,A,{s.Members["A"]:D},50.00,CNY", rows[2]);
        Assert.EndsWith($",true,B,{s.Members["B"]:D},50.00,CNY", rows[3]);
    }

    [Fact]
    public async Task Savings_compare_a_members_share_with_its_standalone_price()
    {
        var (s, _) = await InvoicedAboveContract();

        var savings = await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["A"]}/savings"));

        var term = Assert.Single(savings.GetProperty("terms").EnumerateArray());
        Assert.Equal("500.00", term.GetProperty("standalonePrice").GetProperty("amount").GetString());
        Assert.Equal("350.00", term.GetProperty("share").GetProperty("amount").GetString());
        Assert.Equal("150.00", savings.GetProperty("totalSaving").GetProperty("amount").GetString());
        // C recorded no standalone price: nothing to compare.
        Assert.Equal(0, (await Api.Ok(Api.Get($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/savings"))).GetProperty("terms").GetArrayLength());
    }
}
