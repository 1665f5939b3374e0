namespace SharingLedger.Tests.WebConsole;

/// <summary>
/// A consortium the browser tests own, set up through the API: two members (ALPHA and BETA), an agreement with equal
/// dues of CNY 1,200.00 and an equal "databases" term, dues for 2026 (600.00 each) and a shared database of CNY 1,000.00
/// invoiced in CNY (500.00 each). So each member owes CNY 1,100.00 for 2026, and the consortium is owed CNY 2,200.00.
/// Keys for a finance officer, the council's auditor and each member.
/// </summary>
public sealed record ConsoleWorld(Guid Consortium, string ConsortiumName, Guid Alpha, Guid Beta, string FinanceKey, string AuditorKey, string AlphaKey, string BetaKey)
{
    public const string AlphaName = "Alpha City Library", BetaName = "Beta University Library";

    /// <param name="lending">Adds lending terms to the agreement: CNY 15.00 a normal loan (20.00 rush, 25.00 express), a transaction fee of CNY 0.26 to the central fund.</param>
    public static async Task<ConsoleWorld> CreateAsync(ConsoleBrowser b, bool lending = false)
    {
        var name = "Pearl River consortium " + Guid.NewGuid().ToString("N")[..6];
        var c = (await b.PostAsync("/consortia", new
        {
            name, region = "Guangdong", organisationModel = "parallel", governanceModel = "council", baseCurrency = "CNY",
            fiscalYearStartMonth = 1, timeZone = "Asia/Shanghai",
        })).GetProperty("id").GetGuid();
        async Task<Guid> Admit(string code, string memberName) => (await b.PostAsync($"/consortia/{c}/members", new
        {
            code, name = memberName, kind = "public", fte = 100, population = 50000, materialsBudget = new { amount = "100000.00", currency = "CNY" },
            effectiveFrom = "2025-01-01",
        })).GetProperty("id").GetGuid();
        var alpha = await Admit("ALPHA", AlphaName);
        var beta = await Admit("BETA", BetaName);
        await b.PostAsync($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { alpha, beta },
            dues = new { annualAmount = new { amount = "1200.00", currency = "CNY" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
            lending = lending
                ? new
                {
                    prices = new[]
                    {
                        new { serviceLevel = "normal", perLoan = new { amount = "15.00", currency = "CNY" } },
                        new { serviceLevel = "rush", perLoan = new { amount = "20.00", currency = "CNY" } },
                        new { serviceLevel = "express", perLoan = new { amount = "25.00", currency = "CNY" } },
                    },
                    transactionFee = new { amount = "0.26", currency = "CNY" },
                }
                : null,
        });
        await b.PostAsync($"/consortia/{c}/dues", new { fiscalYear = 2026 });
        var subscription = (await b.PostAsync($"/consortia/{c}/subscriptions", new
        {
            vendor = "CNKI", resource = "China Academic Journals", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "1000.00", currency = "CNY" }, participants = new[] { new { memberId = alpha }, new { memberId = beta } },
            sharingTerm = "databases",
        })).GetProperty("id").GetGuid();
        await b.PostAsync($"/consortia/{c}/subscriptions/{subscription}/invoices", new
        {
            invoiceNumber = "CNKI-2026-01", invoiceDate = "2026-01-15", amount = new { amount = "1000.00", currency = "CNY" },
        });
        async Task<string> Key(string role, Guid? member) =>
            (await b.PostAsync($"/consortia/{c}/api-keys", new { label = $"console {role}", roles = new[] { role }, memberId = member }))
            .GetProperty("key").GetString()!;
        return new ConsoleWorld(c, name, alpha, beta, await Key("finance", null), await Key("auditor", null), await Key("member", alpha), await Key("member", beta));
    }
}
