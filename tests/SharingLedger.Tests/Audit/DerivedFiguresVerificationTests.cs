using System.Text.Json;
using Npgsql;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

/// <summary>
/// The audit verification recomputes the figures derived from the events (each posting, the running totals) and names the
/// first place they differ: a totals row and a posting changed directly in PostgreSQL are each found and named.
/// </summary>
public class DerivedFiguresVerificationTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> Verify(Guid c) => await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));

    private static JsonElement Check(JsonElement body, string figure) =>
        body.GetProperty("derived").EnumerateArray().Single(d => d.GetProperty("figure").GetString() == figure);

    private async Task<string> PostingId(Guid memberId, string eventType)
    {
        await using var command = Host.DataSource().CreateCommand("select id from ledger.mt_doc_posting where member_id = $1 and event_type = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = memberId });
        command.Parameters.Add(new NpgsqlParameter { Value = eventType });
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task A_changed_totals_row_and_a_changed_posting_are_each_named()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "DA");
        var b = await Api.AdmitMember(c, "DB");
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "900.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{a}/account/payments",
            new { amount = new { amount = "100.00", currency = "USD" }, bankReference = "DER-1", receivedOn = "2026-02-01" }), 201);

        // By hand: dues post 3 lines (A 450.00 and B 450.00 against the fund's 900.00), the payment 2 (bank, A): 5 postings.
        // Member totals: one row for A, one for B.
        var intact = await Verify(c);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Equal(JsonValueKind.Null, intact.GetProperty("firstDerivedBreak").ValueKind);
        Assert.Equal(5, Check(intact, "postings").GetProperty("checked").GetInt64());
        Assert.Equal(2, Check(intact, "member-totals").GetProperty("checked").GetInt64());

        // A's net: 450.00 owed less 100.00 paid = 35000 minor units; the row is made to say 35001.
        Assert.Equal(1, await Host.Sql("update ledger.posting_member_totals set net = net + 1 where consortium_id = $1 and member_id = $2", c, a));
        try
        {
            var body = await Verify(c);
            Assert.False(body.GetProperty("intact").GetBoolean());
            Assert.Equal("derived-differs", body.GetProperty("state").GetString());
            var broken = body.GetProperty("firstDerivedBreak");
            Assert.Equal("member-totals", broken.GetProperty("figure").GetString());
            Assert.Equal($"{a:D} USD", broken.GetProperty("key").GetString());
            Assert.Contains("'net' is stored as 35001; added up from the postings it is 35000", broken.GetProperty("reason").GetString());
            Assert.Equal("total-differs", broken.GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Null, Check(body, "postings").GetProperty("firstBreak").ValueKind);
        }
        finally
        {
            await Host.Sql("update ledger.posting_member_totals set net = net - 1 where consortium_id = $1 and member_id = $2", c, a);
        }
        Assert.True((await Verify(c)).GetProperty("intact").GetBoolean());

        // B's dues posting (450.00 = 45000 minor) is made to say 451.00, in its document and its column; the trigger keeps the
        // totals in step with it, so it is the posting that is named, against its event.
        var posting = await PostingId(b, "DuesAssessed");
        const string tamper = "update ledger.mt_doc_posting set debit = $2, data = jsonb_set(data, '{debit}', to_jsonb($2::bigint)) where id = $1";
        Assert.Equal(1, await Host.Sql(tamper, posting, 45100L));
        try
        {
            var body = await Verify(c);
            Assert.False(body.GetProperty("intact").GetBoolean());
            var broken = body.GetProperty("firstDerivedBreak");
            Assert.Equal("posting", broken.GetProperty("figure").GetString());
            Assert.Equal(posting, broken.GetProperty("key").GetString());
            Assert.Equal(Guid.ParseExact(posting.Split('/')[0], "N"), broken.GetProperty("eventId").GetGuid());
            Assert.Contains("debit is stored as '45100'; recomputed from its event it is '45000'", broken.GetProperty("reason").GetString());
            Assert.Equal("posting-differs", broken.GetProperty("code").GetString());
        }
        finally
        {
            await Host.Sql(tamper, posting, 45000L);
        }
        Assert.True((await Verify(c)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_posting_no_event_makes_is_named()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "DX");
        await Api.Ok(Api.AdoptAgreement(c, [a], new { method = "equal" }, annualAmount: "300.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);
        var posting = await PostingId(a, "DuesAssessed");
        var forged = posting.Split('/')[0] + "/9";
        // A copy of a real posting under a line number its event never makes (ids are hex digits, a slash and a number).
        await Host.Sql($"do $$ declare r ledger.mt_doc_posting; begin select * into r from ledger.mt_doc_posting where id = '{posting}'; " +
            $"r.id := '{forged}'; r.data := jsonb_set(r.data, '{{id}}', to_jsonb('{forged}'::text)); insert into ledger.mt_doc_posting select r.*; end $$");
        try
        {
            var broken = (await Verify(c)).GetProperty("firstDerivedBreak");
            Assert.Equal("posting", broken.GetProperty("figure").GetString());
            Assert.Equal(forged, broken.GetProperty("key").GetString());
            Assert.Contains("No event makes this posting", broken.GetProperty("reason").GetString());
            Assert.Equal("posting-without-event", broken.GetProperty("code").GetString());
        }
        finally
        {
            await Host.Sql("delete from ledger.mt_doc_posting where id = $1", forged);
        }
    }

    [Fact]
    public async Task A_changed_count_of_requests_and_a_changed_months_charge_are_each_named()
    {
        var s = await Loans.LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        await s.Request("A", "B", on: "2026-03-02");
        var shipped = await s.Shipped("A", "B", "2026-03-05");
        var (a, c) = (s.Members["A"], s.ConsortiumId);

        // By hand: A's two March requests count towards its quota (one row of counts); the shipped one's 15.00 is March's one charge.
        var intact = await Verify(c);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Equal(1, Check(intact, "borrower-requests").GetProperty("checked").GetInt64());
        Assert.Equal(1, Check(intact, "month-charges").GetProperty("checked").GetInt64());

        const string count = "update ledger.borrower_requests set counted = counted + $2 where tenant_id = $1 and borrower_id = $3 and month = '2026-03'";
        Assert.Equal(1, await Host.Sql(count, c.ToString(), 1L, a));
        try
        {
            var broken = (await Verify(c)).GetProperty("firstDerivedBreak");
            Assert.Equal("borrower-requests", broken.GetProperty("figure").GetString());
            Assert.Equal($"{a:D} 2026-03", broken.GetProperty("key").GetString());
            Assert.Contains("3 requests counted towards the quota are stored; the loans' snapshots count 2", broken.GetProperty("reason").GetString());
            Assert.Equal("requests-count-differs", broken.GetProperty("code").GetString());
        }
        finally
        {
            await Host.Sql(count, c.ToString(), -1L, a);
        }
        Assert.True((await Verify(c)).GetProperty("intact").GetBoolean());

        const string charge = "update ledger.month_charges set amount = $2 where tenant_id = $1 and loan_id = $3";
        Assert.Equal(1, await Host.Sql(charge, c.ToString(), 16.00m, shipped));
        try
        {
            var body = await Verify(c);
            var broken = body.GetProperty("firstDerivedBreak");
            Assert.Equal("month-charges", broken.GetProperty("figure").GetString());
            Assert.Equal($"2026-03 lending {shipped:D}", broken.GetProperty("key").GetString());
            Assert.Contains("differs from the loan's charge document", broken.GetProperty("reason").GetString());
            Assert.Equal("row-differs", broken.GetProperty("code").GetString());
            Assert.Equal(JsonValueKind.Null, Check(body, "borrower-requests").GetProperty("firstBreak").ValueKind);
        }
        finally
        {
            await Host.Sql(charge, c.ToString(), 15.00m, shipped);
        }
        Assert.True((await Verify(c)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task A_loans_changed_or_missing_lending_facts_are_named_and_the_refill_repairs_them()
    {
        var s = await Loans.LoanScenario.WithDefaultFees(Host, Api, "A", "B");
        var requested = await s.Request("A", "B", on: "2026-03-02");
        var shipped = await s.Shipped("A", "B", "2026-03-05");
        var c = s.ConsortiumId;

        // Two loans, so two rows of facts, each as its snapshot gives it.
        var intact = await Verify(c);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        Assert.Equal(2, Check(intact, "loan-facts").GetProperty("checked").GetInt64());

        // The shipped loan's supply day changed by hand: its facts differ from its snapshot.
        Assert.Equal(1, await Host.Sql("update ledger.loan_facts set supplied_on = null where tenant_id = $1 and id = $2", c.ToString(), shipped));
        var changed = (await Verify(c)).GetProperty("firstDerivedBreak");
        Assert.Equal(("loan-facts", shipped.ToString("D")), (changed.GetProperty("figure").GetString(), changed.GetProperty("key").GetString()));
        Assert.Contains("differ from its snapshot", changed.GetProperty("reason").GetString());
        Assert.Equal("row-differs", changed.GetProperty("code").GetString());

        // The operator's refill of the consortium takes the rows again from the snapshots.
        await Host.Sql("select ledger.loan_facts_refill(array[$1]::varchar[])", c.ToString());
        Assert.True((await Verify(c)).GetProperty("intact").GetBoolean());

        // The requested loan's row deleted: missing; refilled again, intact.
        Assert.Equal(1, await Host.Sql("delete from ledger.loan_facts where tenant_id = $1 and id = $2", c.ToString(), requested));
        var missing = (await Verify(c)).GetProperty("firstDerivedBreak");
        Assert.Equal(("loan-facts", requested.ToString("D")), (missing.GetProperty("figure").GetString(), missing.GetProperty("key").GetString()));
        Assert.Contains("lending facts are missing", missing.GetProperty("reason").GetString());
        Assert.Equal("row-missing", missing.GetProperty("code").GetString());
        await Host.Sql("select ledger.loan_facts_refill(array[$1]::varchar[])", c.ToString());
        var repaired = await Verify(c);
        Assert.True(repaired.GetProperty("intact").GetBoolean(), repaired.ToString());
        Assert.Equal(2, Check(repaired, "loan-facts").GetProperty("checked").GetInt64());
    }
}
