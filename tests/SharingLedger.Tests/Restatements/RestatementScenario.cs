using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Restatements;

/// <summary>
/// A consortium on the calendar year (FY 2026 = 2026-01-01 to 2026-12-31) with members A, B and C, agreement version 1 in
/// force since 2025-01-01, and the calls a restatement test makes. Today is 2026-11-27 (the shared FakeClock).
/// </summary>
public sealed class RestatementScenario(LedgerApi api, Guid consortiumId, Dictionary<string, Guid> members)
{
    public LedgerApi Api { get; } = api;
    public Guid ConsortiumId { get; } = consortiumId;
    public Dictionary<string, Guid> Members { get; } = members;
    public Guid this[string code] => Members[code];

    /// <summary>A: FTE 3000, budget 100000.00; B: FTE 1000, budget 100000.00; C: FTE 2000, budget 200000.00.</summary>
    public static async Task<RestatementScenario> Create(LedgerApi api)
    {
        var c = await api.EstablishConsortium();
        var ids = new Dictionary<string, Guid>
        {
            ["A"] = await api.AdmitMember(c, "A", fte: 3000, budget: "100000.00"),
            ["B"] = await api.AdmitMember(c, "B", fte: 1000, budget: "100000.00"),
            ["C"] = await api.AdmitMember(c, "C", fte: 2000, budget: "200000.00"),
        };
        return new RestatementScenario(api, c, ids);
    }

    public Task<(int Status, JsonElement Body)> Adopt(int version, string effectiveFrom, string duesAmount, object duesRule, object databasesRule,
        bool? retroactive = null, object? lending = null) =>
        Api.Post($"/consortia/{ConsortiumId}/agreement/versions", new
        {
            version, effectiveFrom, signatories = Members.Values, retroactive, lending,
            dues = new { annualAmount = new { amount = duesAmount, currency = "USD" }, rule = duesRule },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = databasesRule } },
        });

    public Task<(int Status, JsonElement Body)> Restate(int version) =>
        Api.Post($"/consortia/{ConsortiumId}/agreement/versions/{version}/restatement", new { });

    public Task<(int Status, JsonElement Body)> Report(int version) =>
        Api.Get($"/consortia/{ConsortiumId}/agreement/versions/{version}/restatement");

    /// <summary>A subscription for 2026 shared by A, B and C under the "databases" term, invoiced in full.</summary>
    public async Task<Guid> SubscribeAndInvoice(string price)
    {
        var url = $"/consortia/{ConsortiumId}/subscriptions";
        var s = (await Api.Ok(Api.Post(url, new
        {
            vendor = "EBSCO", resource = "Academic Search Complete", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = price, currency = "USD" }, participants = Members.Values.Select(id => new { memberId = id }).ToArray(),
            sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"{url}/{s}/invoices", new
        {
            invoiceNumber = "INV-1", invoiceDate = "2026-01-15", amount = new { amount = price, currency = "USD" },
        }), 201);
        return s;
    }

    /// <summary>A joint purchase proposed today to A and B, both committing, awarded and invoiced today.</summary>
    public async Task<Guid> Procure(string amount)
    {
        var p = (await Api.Ok(Api.ProposeProcurement(ConsortiumId, "databases", "2026-12-15", [this["A"], this["B"]], estimate: amount), 201))
            .GetProperty("id").GetGuid();
        await Api.Ok(Api.AnswerProcurement(ConsortiumId, p, this["A"], "commit"));
        await Api.Ok(Api.AnswerProcurement(ConsortiumId, p, this["B"], "commit"));
        await Api.Ok(Api.AwardProcurement(ConsortiumId, p, amount));
        await Api.Ok(Api.InvoiceProcurement(ConsortiumId, p, amount));
        return p;
    }

    /// <summary>A lending fee schedule: <paramref name="perLoan"/> for a normal loan (rush and express dearer), a transaction fee of <paramref name="fee"/>.</summary>
    public static object Lending(string perLoan, string fee) => new
    {
        prices = new object[]
        {
            new { serviceLevel = "normal", perLoan = new { amount = perLoan, currency = "USD" } },
            new { serviceLevel = "rush", perLoan = new { amount = "40.00", currency = "USD" } },
            new { serviceLevel = "express", perLoan = new { amount = "50.00", currency = "USD" } },
        },
        transactionFee = new { amount = fee, currency = "USD" },
    };

    /// <summary>A normal loan requested and shipped on <paramref name="on"/>: its lending charge is priced that day.</summary>
    public async Task<Guid> Ship(string borrower, string lender, string on)
    {
        var url = $"/consortia/{ConsortiumId}/loans";
        var loan = (await Api.Ok(Api.Post(url, new
        {
            borrowerId = this[borrower], lenderId = this[lender], serviceType = "loan", serviceLevel = "normal",
            requestId = "REQ-" + Guid.NewGuid().ToString("N")[..8], on,
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"{url}/{loan}/shipped", new { on }));
        return loan;
    }

    /// <summary>The report's lines as "member kind" → (before, after, difference).</summary>
    public static Dictionary<string, (string Before, string After, string Difference)> Lines(JsonElement report) =>
        report.GetProperty("members").EnumerateArray()
            .SelectMany(m => m.GetProperty("lines").EnumerateArray().Select(l => (m.GetProperty("memberCode").GetString(), l)))
            .ToDictionary(x => $"{x.Item1} {x.l.GetProperty("kind").GetString()}", x => Amounts(x.l));

    public static Dictionary<string, (string Before, string After, string Difference)> MemberTotals(JsonElement report) =>
        report.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("memberCode").GetString()!, Amounts);

    public static (string Before, string After, string Difference) Amounts(JsonElement e) =>
        (Amount(e, "before"), Amount(e, "after"), Amount(e, "difference"));

    private static string Amount(JsonElement e, string name) => e.GetProperty(name).GetProperty("amount").GetString()!;
}
