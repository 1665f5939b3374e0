using System.Globalization;
using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Statements that name each bill and date it by its fact (issue 13, item 7): a subscription share names the database, the
/// vendor and the term and is dated by its invoice (also when the invoice falls in a closed month: the line is an adjustment in
/// the first open month, the fact's date stays), a procurement share names the procurement, dues name their year; open items
/// carry the fact's date, which the balances age from, and the recorded instant beside it.
/// </summary>
public class StatementNamesTheBillTests(LedgerHost host) : LedgerTest(host)
{
    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;

    private static readonly string Recorded = NodaTime.Text.InstantPattern.ExtendedIso.Format(LedgerHost.Now);

    [Fact]
    public async Task Each_line_and_open_item_names_its_bill_and_is_aged_from_the_facts_date()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { a, b },
            dues = new { annualAmount = new { amount = "600.00", currency = "USD" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
        }), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201); // 300.00 each, dated 2026-01-01
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-01/closing", new { }));

        // Invoiced on 2026-01-15, in January, closed: 2000.00 split equally is 1000.00 each, placed on 2026-02-01 as an adjustment.
        var subscription = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "EBSCO", resource = "Academic Search Complete", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "2000.00", currency = "USD" }, participants = new[] { new { memberId = a }, new { memberId = b } }, sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{subscription}/invoices", new
        {
            invoiceNumber = "EBSCO-1", invoiceDate = "2026-01-15", amount = new { amount = "2000.00", currency = "USD" },
        }), 201);

        var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement?asOf=2026-02-20"));
        var share = statement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("eventType").GetString() == "SubscriptionCostApportioned");
        Assert.Equal("Subscription share: Academic Search Complete from EBSCO, term 1 (A)", share.GetProperty("memo").GetString());
        Assert.Equal("2026-02-01", share.GetProperty("date").GetString());
        Assert.Equal("2026-01-15", share.GetProperty("factDate").GetString());
        Assert.Equal("2026-01", share.GetProperty("adjustsPeriod").GetString());
        Assert.Equal(Recorded, share.GetProperty("recordedAt").GetString());

        var open = statement.GetProperty("openItems").EnumerateArray().ToDictionary(i => i.GetProperty("memo").GetString()!);
        var subscriptionItem = open["Subscription share: Academic Search Complete from EBSCO, term 1 (A)"];
        Assert.Equal("1000.00", Amount(subscriptionItem, "open"));
        Assert.Equal("2026-01-15", subscriptionItem.GetProperty("factDate").GetString());
        Assert.Equal(Recorded, subscriptionItem.GetProperty("recordedAt").GetString());
        var dues = open["Dues 2026 (A)"];
        Assert.Equal("300.00", Amount(dues, "open"));
        Assert.Equal("2026-01-01", dues.GetProperty("factDate").GetString());

        // As of 2026-02-20: the dues are 50 days old (31 in January, 19 in February) and the invoice 36 days (16 + 20): both
        // 31–60. Aged from the ledger date (2026-02-01, 19 days), the share would wrongly be 0–30.
        var balance = (await Api.Ok(Api.Get($"/consortia/{c}/balances?asOf=2026-02-20"))).GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("memberCode").GetString() == "A");
        Assert.Equal("0.00", Amount(balance.GetProperty("ageing"), "days0To30"));
        Assert.Equal("1300.00", Amount(balance.GetProperty("ageing"), "days31To60"));
        Assert.Equal("1300.00", Amount(balance, "outstanding"));
    }

    [Fact]
    public async Task A_procurement_share_names_the_procurement()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { databases = new { rule = new { method = "equal" } } }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "databases", "2026-12-15", title: "Physics back files"), 201)).GetProperty("id").GetGuid();
        foreach (var member in new[] { a, b }) await Api.Ok(Api.AnswerProcurement(c, p, member, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "500.00"));
        await Api.Ok(Api.InvoiceProcurement(c, p, "500.00")); // dated 2026-11-27, the day of the award (the test clock's today)

        var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{b}/statement"));
        var item = Assert.Single(statement.GetProperty("openItems").EnumerateArray());
        Assert.Equal("Procurement share: Physics back files (B)", item.GetProperty("memo").GetString());
        Assert.Equal("250.00", Amount(item, "open")); // 500.00 split equally between A and B
        Assert.Equal("2026-11-27", item.GetProperty("factDate").GetString());
    }

    /// <summary>
    /// A clearing line names its month and the loans it clears by their request ids: A borrows two normal loans from C in October,
    /// each 15.00 to the lender plus the 0.26 fee, so A owes 2 × 15.26 = 30.52, dated by the month's last day, and C is owed 30.00.
    /// </summary>
    [Fact]
    public async Task A_clearing_line_names_its_month_and_the_loans_it_clears()
    {
        var loans = await Loans.LoanScenario.WithDefaultFees(Host, Api, "A", "C");
        foreach (var requestId in new[] { "ILL-A-7", "ILL-A-3" })
            await loans.Do(await loans.Request("A", "C", requestId: requestId, on: "2026-10-05"), "shipped", new { on = "2026-10-05" });
        var clearing = await Api.Ok(loans.Clearing("2026-10"));
        Assert.Equal(["ILL-A-3", "ILL-A-7"], clearing.GetProperty("charges").EnumerateArray().Select(l => l.GetProperty("requestId").GetString()).Order());
        await Api.Ok(loans.Settle("2026-10"), 201);

        var statement = await Api.Ok(Api.Get($"/consortia/{loans.ConsortiumId}/members/{loans.Members["A"]}/statement"));
        var item = Assert.Single(statement.GetProperty("openItems").EnumerateArray());
        Assert.Equal("Clearing 2026-10 (A): loans ILL-A-3, ILL-A-7", item.GetProperty("memo").GetString());
        Assert.Equal(("30.52", "2026-10-31", Recorded),
            (Amount(item, "open"), item.GetProperty("factDate").GetString(), item.GetProperty("recordedAt").GetString()));
        var line = statement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("eventType").GetString() == "ClearingSettled");
        Assert.Equal(("Clearing 2026-10 (A): loans ILL-A-3, ILL-A-7", "2026-10-31"), (line.GetProperty("memo").GetString(), line.GetProperty("factDate").GetString()));

        var lender = await Api.Ok(Api.Get($"/consortia/{loans.ConsortiumId}/members/{loans.Members["C"]}/statement"));
        var paid = lender.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("eventType").GetString() == "ClearingSettled");
        Assert.Equal(("Clearing 2026-10 (C): loans ILL-A-3, ILL-A-7", "30.00"), (paid.GetProperty("memo").GetString(), Amount(paid, "credit")));
    }
}
