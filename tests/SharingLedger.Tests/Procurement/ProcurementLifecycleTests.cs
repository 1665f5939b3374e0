using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Procurement;

/// <summary>
/// Proposal → commitments → award → invoice → apportioned shares → obligations, end to end over HTTP.
/// Today is 2026-11-27 in the consortium's zone (the shared FakeClock); deadlines are set from it.
/// </summary>
public class ProcurementLifecycleTests(LedgerHost host) : LedgerTest(host)
{
    private const string Deadline = "2026-12-15";

    private static readonly object ThirtyPercentEqualBase = new
    {
        databases = new
        {
            rule = new { method = "weighted", equalBase = 0.30m, weights = new Dictionary<string, decimal> { ["fte"] = 0.5m, ["budget"] = 0.5m } },
        },
    };

    /// <summary>
    /// The shared case thirty-percent-equal-base-then-fte-and-budget, as a procurement: A, B and C commit, D declines.
    /// Weights (30% equal over the 3 committed, 35% FTE of 26000, 35% budget of 12,500,000):
    ///   A = 1/10 + 7/20·20000/26000 + 7/20·10M/12.5M = 1/10 + 7/26 + 7/25 = 422/650 = 211/325 → 64923.0769… → 6492307 minor, remainder .69
    ///   B = 1/10 + 7/104 + 7/125 = 2903/13000 → 22330.7692… → 2233076 minor, remainder .92
    ///   C = 1/10 + 7/520 + 7/500 = 1657/13000 → 12746.1538… → 1274615 minor, remainder .38
    /// Floors add up to 99999.98; the 2 cents left go to the largest remainders, B then A: 64923.08 + 22330.77 + 12746.15 = 100000.00.
    /// </summary>
    [Fact]
    public async Task Committed_members_share_the_invoice_by_the_agreement_term_and_decliners_pay_nothing()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 20000, budget: "10000000.00");
        var b = await Api.AdmitMember(c, "B", fte: 5000, budget: "2000000.00");
        var cc = await Api.AdmitMember(c, "C", fte: 1000, budget: "500000.00");
        var d = await Api.AdmitMember(c, "D", fte: 3000, budget: "1000000.00");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b, cc, d], ThirtyPercentEqualBase), 201);

        var proposed = await Api.Ok(Api.ProposeProcurement(c, "databases", Deadline, estimate: "95000.00"), 201);
        var p = proposed.Id();
        Assert.Equal(["A", "B", "C", "D"], proposed.GetProperty("invitedMembers").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));
        Assert.Equal("open", proposed.GetProperty("status").GetString());
        Assert.Equal("2026-11-27", proposed.GetProperty("proposedOn").GetString());

        foreach (var member in new[] { a, b, cc }) await Api.Ok(Api.AnswerProcurement(c, p, member, "commit"));
        var declined = await Api.Ok(Api.AnswerProcurement(c, p, d, "decline"));
        Assert.Equal(5, declined.GetProperty("version").GetInt32());

        var awarded = await Api.Ok(Api.AwardProcurement(c, p, "98000.00"));
        Assert.Equal("awarded", awarded.GetProperty("status").GetString());
        Assert.Equal(["A", "B", "C"], awarded.GetProperty("award").GetProperty("committedMembers").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));

        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "100000.00", invoiceNumber: "ACME-2026-117"));

        Assert.Equal("invoiced", invoiced.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<Guid, string> { [a] = "64923.08", [b] = "22330.77", [cc] = "12746.15" }, invoiced.Shares());
        Assert.Equal("211/325", invoiced.Line(a).GetProperty("weight").GetString());
        Assert.Equal(1, invoiced.GetProperty("apportionment").GetProperty("agreementVersion").GetInt32());
        Assert.Equal(2026, invoiced.GetProperty("apportionment").GetProperty("fiscalYear").GetInt32());
        // Invoiced 100000.00 against an award of 98000.00: apportioned as invoiced, the difference kept for reconciliation.
        var reconciliation = invoiced.GetProperty("reconciliation");
        Assert.Equal("95000.00", reconciliation.GetProperty("estimatedCost").Amount());
        Assert.Equal("98000.00", reconciliation.GetProperty("awardedCost").Amount());
        Assert.Equal("2000.00", reconciliation.GetProperty("differenceFromAward").Amount());
        Assert.Equal("100000.00", reconciliation.GetProperty("apportioned").Amount());
        Assert.Equal("0.00", reconciliation.GetProperty("shortfall").Amount());

        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(invoiced.Shares(), read.Shares());
        Assert.Equal(8, read.GetProperty("version").GetInt32()); // proposed, 4 answers, awarded, invoiced, apportioned

        var ofA = await Api.Ok(Api.Obligations(c, a, 2026));
        var item = Assert.Single(ofA.ProcurementItems());
        Assert.Equal("64923.08", item.GetProperty("amount").Amount());
        Assert.Equal(p, item.GetProperty("sourceId").GetGuid());
        Assert.Equal("211/325", item.GetProperty("weight").GetString());
        var explanation = item.GetProperty("explanation").GetString()!;
        Assert.Contains("ACME-2026-117", explanation);
        Assert.Contains("committed member(s) A, B, C", explanation);
        Assert.Contains("weighted: 30% equal", explanation);
        Assert.Equal("64923.08", ofA.GetProperty("total").Amount());

        var ofD = await Api.Ok(Api.Obligations(c, d, 2026));
        Assert.Empty(ofD.ProcurementItems());
        Assert.Equal("0.00", ofD.GetProperty("total").Amount());

        var reconciliation2026 = await Api.Ok(Api.Get($"/consortia/{c}/reconciliation?fiscalYear=2026"));
        var line = Assert.Single(reconciliation2026.GetProperty("lines").EnumerateArray(), l => l.GetProperty("sourceId").GetGuid() == p);
        Assert.Equal("procurement", line.GetProperty("kind").GetString());
        Assert.Equal("98000.00", line.GetProperty("contracted").Amount());
        Assert.Equal("100000.00", line.GetProperty("invoice").GetProperty("baseAmount").Amount());
        Assert.Equal("2000.00", line.GetProperty("differenceToContract").Amount());
        Assert.Equal("100000.00", line.GetProperty("apportioned").Amount());
        Assert.True(line.GetProperty("balanced").GetBoolean());
        Assert.Equal(3, line.GetProperty("shares").GetArrayLength());
    }

    /// <summary>
    /// The shared case increase-cap-with-redistribution (caps 110000 / 77000 / 16500 on 200000 split 60:30:10 by FTE), with
    /// the caps from the term's 10%-of-budget cap (budgets 1.1M, 770k, 165k) since a one-off purchase has no previous share.
    /// By FTE: A 120000 > 110000 → pinned; 90000 left for B:C = 30:10 → B 67500, C 22500 > 16500 → pinned;
    /// 73500 left for B alone (under its 77000 cap). A 110000.00, B 73500.00, C 16500.00.
    /// </summary>
    [Fact]
    public async Task Budget_caps_pin_members_and_spread_the_excess_as_in_the_shared_case()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 60, budget: "1100000.00");
        var b = await Api.AdmitMember(c, "B", fte: 30, budget: "770000.00");
        var cc = await Api.AdmitMember(c, "C", fte: 10, budget: "165000.00");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b, cc], new
        {
            books = new { rule = new { method = "proportional", attribute = "fte" }, caps = new { percentOfBudget = 10 } },
        }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline, estimate: "200000.00"), 201)).Id();
        foreach (var member in new[] { a, b, cc }) await Api.Ok(Api.AnswerProcurement(c, p, member, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "200000.00"));

        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "200000.00"));

        Assert.Equal(new Dictionary<Guid, string> { [a] = "110000.00", [b] = "73500.00", [cc] = "16500.00" }, invoiced.Shares());
        Assert.Equal("110000.00", invoiced.Line(a).GetProperty("capApplied").Amount());
        Assert.Equal("16500.00", invoiced.Line(cc).GetProperty("capApplied").Amount());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, invoiced.Line(b).GetProperty("capApplied").ValueKind);
        var item = Assert.Single((await Api.Ok(Api.Obligations(c, a, 2026))).ProcurementItems());
        Assert.Contains("Capped at 110000.00 USD", item.GetProperty("explanation").GetString());
        Assert.Equal("110000.00", item.GetProperty("capApplied").Amount());
    }

    /// <summary>
    /// Proportional to FTE 990:10 on 1000.00 gives B 10.00, under the term's floor of 100.00: B pays the floor and A
    /// the rest, 900.00.
    /// </summary>
    [Fact]
    public async Task A_floor_raises_a_small_share_and_the_others_carry_the_rest()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 990);
        var b = await Api.AdmitMember(c, "B", fte: 10);
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new
        {
            books = new { rule = new { method = "proportional", attribute = "fte" }, floor = new { amount = "100.00", currency = "USD" } },
        }), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        foreach (var member in new[] { a, b }) await Api.Ok(Api.AnswerProcurement(c, p, member, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "1000.00"));

        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "1000.00"));

        Assert.Equal(new Dictionary<Guid, string> { [a] = "900.00", [b] = "100.00" }, invoiced.Shares());
        Assert.Equal("100.00", invoiced.Line(b).GetProperty("floorApplied").Amount());
    }

    /// <summary>
    /// A USD invoice in a CNY consortium, converted once at the recorded rate: 18250.50 × 7.13 = 130126.065 exactly, rounded
    /// half away from zero to 130126.07 CNY (banker's rounding would say 130126.06, and binary floating point gives
    /// 130126.06499…). Split equally among the 3 who committed: 13012607 / 3 = 4337535 rem 2 → the two members whose ids
    /// sort first get 43375.36 and the last 43375.35; together exactly 130126.07.
    /// </summary>
    [Fact]
    public async Task A_foreign_invoice_is_converted_once_and_the_shares_add_up_to_the_base_amount()
    {
        var c = await Api.EstablishConsortium(currency: "CNY");
        var ids = new List<Guid>();
        foreach (var code in new[] { "A", "B", "C" }) ids.Add(await Api.AdmitMember(c, code, budget: "500000.00", currency: "CNY"));
        var d = await Api.AdmitMember(c, "D", budget: "500000.00", currency: "CNY");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [.. ids, d], new { equalSplit = new { rule = new { method = "equal" } } }, currency: "CNY"), 201);
        var p = (await Api.Ok(Api.ProposeProcurement(c, "equalSplit", Deadline, estimate: "130000.00", currency: "CNY"), 201)).Id();
        foreach (var member in ids) await Api.Ok(Api.AnswerProcurement(c, p, member, "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, d, "decline"));
        await Api.Ok(Api.AwardProcurement(c, p, "18000.00", currency: "USD"));

        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "18250.50", currency: "USD", rateToBase: 7.13m));

        var invoice = invoiced.GetProperty("invoice");
        Assert.Equal(("18250.50", "USD"), (invoice.GetProperty("amount").Amount(), invoice.GetProperty("amount").GetProperty("currency").GetString()));
        Assert.Equal(7.13m, invoice.GetProperty("rateToBase").GetDecimal());
        Assert.Equal("130126.065", invoice.GetProperty("exactBaseAmount").GetString());
        Assert.Equal(("130126.07", "CNY"), (invoice.GetProperty("baseAmount").Amount(), invoice.GetProperty("baseAmount").GetProperty("currency").GetString()));
        var lastById = ids.OrderBy(id => id.ToString("D"), StringComparer.Ordinal).Last();
        var expected = ids.ToDictionary(id => id, id => id == lastById ? "43375.35" : "43375.36");
        var shares = invoiced.Shares();
        Assert.Equal(expected, shares);
        Assert.Equal(13012607L, shares.Values.Sum(s => long.Parse(s.Replace(".", ""))));
        Assert.All(invoiced.GetProperty("apportionment").GetProperty("lines").EnumerateArray(),
            l => Assert.Equal("CNY", l.GetProperty("amount").GetProperty("currency").GetString()));
        // The award was in USD, so the invoice is compared with it in USD, without a second conversion.
        Assert.Equal("250.50", invoiced.GetProperty("reconciliation").GetProperty("differenceFromAward").Amount());

        var item = Assert.Single((await Api.Ok(Api.Obligations(c, ids[0], 2026))).ProcurementItems());
        Assert.Contains("18250.50 × 7.13 = 130126.065, rounded half away from zero to 130126.07 CNY", item.GetProperty("explanation").GetString());
        Assert.Empty((await Api.Ok(Api.Obligations(c, d, 2026))).ProcurementItems());
    }

    [Fact]
    public async Task The_proposal_records_the_term_of_the_agreement_version_in_force_today()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { books = new { rule = new { method = "equal" } } }, version: 1), 201);
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { books = new { rule = new { method = "proportional", attribute = "fte" } } },
            version: 2, effectiveFrom: "2026-06-01"), 201);
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { books = new { rule = new { method = "proportional", attribute = "population" } } },
            version: 3, effectiveFrom: "2027-01-01"), 201);

        var proposed = await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201);

        Assert.Equal(2, proposed.GetProperty("agreementVersion").GetInt32());
        Assert.Equal("proportional to fte", proposed.GetProperty("rule").GetString());
        Assert.Equal("fte", proposed.GetProperty("sharingTermDefinition").GetProperty("rule").GetProperty("attribute").GetString());
    }

    [Fact]
    public async Task Leaving_out_the_invitation_invites_every_member_active_today()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        var gone = await Api.AdmitMember(c, "G");
        await Api.AdmitMember(c, "L", effectiveFrom: "2027-01-01");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{gone}/withdrawal", new { effectiveFrom = "2026-10-01", reason = "Closed" }));
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { books = new { rule = new { method = "equal" } } }), 201);

        var all = await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201);
        var some = await Api.Ok(Api.ProposeProcurement(c, "books", Deadline, invitedMembers: [b]), 201);

        Assert.Equal(["A", "B"], all.GetProperty("invitedMembers").EnumerateArray().Select(m => m.GetProperty("memberCode").GetString()));
        Assert.Equal([b], some.GetProperty("invitedMembers").EnumerateArray().Select(m => m.GetProperty("memberId").GetGuid()));
        var list = await Api.Ok(Api.Get($"/consortia/{c}/procurements"));
        Assert.Equal(new HashSet<Guid> { some.Id(), all.Id() }, list.EnumerateArray().Select(x => x.Id()).ToHashSet());
    }
}
