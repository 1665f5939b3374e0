using NodaTime;
using static SharingLedger.Demo.DemoApi;

namespace SharingLedger.Demo;

/// <summary>
/// The demo consortium's year, recorded through the same HTTP commands a finance officer, a member system or the council
/// would send, dated through the current year up to today (nothing is dated in the future; a step not yet due is left for
/// the pages to show as a next action). Last year holds a few loans, settled clearing months and the reimbursement paid out.
/// The story, every figure in CNY unless said:
/// <list type="bullet">
/// <item>Dues of 1,200,000.00 a year, assessed for last year and this year.</item>
/// <item>Web of Science for the five academic members, invoiced USD 182,500.00 at 7.1284 on 20 January; Springer Nature
/// eBooks for seven members, invoiced EUR 64,000.00 at 7.7650 on 10 February, which Dongguan Library joins from 1 July.</item>
/// <item>A joint procurement (local gazetteers) invoiced CNY 348,000.00 among the five that committed, and an open one
/// (IEEE backfile) that SYSU has not answered yet.</item>
/// <item>Loans each month: GZPL borrows two normal loans from SYSU (5th and 12th), SZU a rush loan from GZPL (8th), JNU a
/// 25-page copy from SCUT (15th); every third month FSL an express loan from SZL, some months ZHL a loan from SCUT.
/// Prices 15.00 / 20.00 / 25.00 a loan, 0.20 a page after 10 free pages, a 0.26 fee to the central fund on each charge.</item>
/// <item>Clearing settled for every month but the last one that is over; last year's October to December settled and
/// its reimbursement (pool 60,000.00) paid out.</item>
/// <item>Payments from five members, a credit note to JNU, a dispute by SZU on its Web of Science share, services in kind
/// from SZL (hosting) and GZPL (training), and January to March closed.</item>
/// </list>
/// </summary>
public sealed class DemoYear(DemoApi api, Guid consortium, IReadOnlyDictionary<string, Guid> ids, LocalDate today)
{
    private readonly int _year = today.Year;
    private string C => $"consortia/{consortium}";

    public static object Agreement(IEnumerable<Guid> signatories, int year) => new
    {
        version = 1, effectiveFrom = $"{year - 1}-01-01", signatories,
        dues = new
        {
            annualAmount = Cny("1200000.00"),
            rule = new { method = "weighted", equalBase = 0.2m, weights = new Dictionary<string, decimal> { ["fte"] = 0.4m, ["budget"] = 0.6m } },
        },
        costSharing = new Dictionary<string, object>
        {
            ["databases"] = new
            {
                rule = new { method = "weighted", equalBase = 0.3m, weights = new Dictionary<string, decimal> { ["fte"] = 0.35m, ["budget"] = 0.65m } },
                caps = new { percentOfBudget = 5m, standalonePrice = true },
            },
            ["ebooks"] = new { rule = new { method = "weighted", equalBase = 0.4m, weights = new Dictionary<string, decimal> { ["budget"] = 1m } } },
        },
        lending = new
        {
            prices = new object[]
            {
                new { serviceLevel = "normal", perLoan = Cny("15.00"), perPage = Cny("0.20") },
                new { serviceLevel = "rush", perLoan = Cny("20.00"), perPage = Cny("0.40") },
                new { serviceLevel = "express", perLoan = Cny("25.00"), perPage = Cny("0.60") },
            },
            freePagesPerCopy = 10,
            transactionFee = Cny("0.26"),
            lostItems = new { noticeDays = 30, billingDays = 60 },
            reimbursement = new { method = "netLender", pool = Cny("60000.00"), perLoanShare = 0.5m },
        },
        inKind = new Dictionary<string, object>
        {
            ["referenceConsultation"] = new { unit = "hour", rate = Cny("300.00") },
            ["training"] = new { unit = "session", rate = Cny("1500.00") },
            ["serverHosting"] = new { unit = "month", rate = Cny("2000.00") },
        },
    };

    public async Task RecordAsync(CancellationToken ct)
    {
        await api.PostAsync($"{C}/dues", new { fiscalYear = _year - 1 }, ct);
        await api.PostAsync($"{C}/dues", new { fiscalYear = _year }, ct);
        await LastYearAsync(ct);
        var wos = await SubscriptionsAsync(ct);
        await ProcurementsAsync(ct);
        for (var month = 1; month <= today.Month; month++) await LoansOfMonthAsync(_year, month, ct);
        await OpenLoansAsync(ct);
        for (var month = 1; month <= today.Month - 2; month++) await SettleAsync(_year, month, ct);
        await AccountsAsync(wos, ct);
        await InKindAsync(ct);
        for (var month = 1; month <= 3 && month <= today.Month - 2; month++)
            await api.PostAsync($"{C}/periods/{_year}-{month:00}/closing", new { }, ct);
    }

    /// <summary>October to December of last year: loans, their clearing settled, and the year's reimbursement paid out.</summary>
    private async Task LastYearAsync(CancellationToken ct)
    {
        for (var month = 10; month <= 12; month++)
        {
            await ShippedAsync("GZPL", "SYSU", new LocalDate(_year - 1, month, 6), "normal", ct);
            await ShippedAsync("SZU", "JNU", new LocalDate(_year - 1, month, 14), "normal", ct);
            if (month == 11) await ShippedAsync("FSL", "SZL", new LocalDate(_year - 1, month, 20), "rush", ct);
            await SettleAsync(_year - 1, month, ct);
        }
        await api.PostAsync($"{C}/reimbursement/{_year - 1}/payout", new { }, ct);
    }

    private async Task<Guid> SubscriptionsAsync(CancellationToken ct)
    {
        var academic = new[] { "SYSU", "SCUT", "JNU", "SZU", "GDPU" };
        var wos = await api.CreateAsync($"{C}/subscriptions", new
        {
            vendor = "Clarivate", resource = "Web of Science Core Collection", termStart = $"{_year}-01-01", termEnd = $"{_year}-12-31",
            price = new { amount = "180000.00", currency = "USD" }, sharingTerm = "databases",
            participants = academic.Select(code => new { memberId = ids[code] }).ToArray(),
            standalonePrices = academic.ToDictionary(code => ids[code].ToString(), _ => Cny("420000.00")),
        }, ct);
        await api.PostAsync($"{C}/subscriptions/{wos}/invoices", new
        {
            invoiceNumber = $"CLV-{_year}-0117", invoiceDate = Day(1, 20),
            amount = new { amount = "182500.00", currency = "USD" }, rateToBase = 7.1284m,
        }, ct);

        var ebooks = await api.CreateAsync($"{C}/subscriptions", new
        {
            vendor = "Springer Nature", resource = "Springer Nature eBook Collection", termStart = $"{_year}-01-01", termEnd = $"{_year}-12-31",
            price = new { amount = "64000.00", currency = "EUR" }, sharingTerm = "ebooks",
            participants = new[] { "SYSU", "SCUT", "JNU", "SZU", "GZPL", "SZL", "FSL" }.Select(code => new { memberId = ids[code] }).ToArray(),
        }, ct);
        await api.PostAsync($"{C}/subscriptions/{ebooks}/invoices", new
        {
            invoiceNumber = $"SN-{_year}-00482", invoiceDate = Day(2, 10),
            amount = new { amount = "64000.00", currency = "EUR" }, rateToBase = 7.7650m,
        }, ct);
        if (Day(7, 1) > new LocalDate(_year, 1, 1))
            await api.PostAsync($"{C}/subscriptions/{ebooks}/participants", new { memberId = ids["DGL"], effectiveFrom = Day(7, 1) }, ct);
        return wos;
    }

    private async Task ProcurementsAsync(CancellationToken ct)
    {
        var deadline = today.PlusDays(14);
        var gazetteers = await api.CreateAsync($"{C}/procurements", new
        {
            title = "Chinese local gazetteers database (perpetual access)", subject = "Local history",
            estimatedCost = Cny("360000.00"), sharingTerm = "ebooks", commitmentDeadline = deadline,
            invitedMembers = new[] { "GZPL", "SZL", "SYSU", "JNU", "FSL", "DGL", "ZHL" }.Select(c => ids[c]),
        }, ct);
        foreach (var code in new[] { "GZPL", "SZL", "SYSU", "JNU", "FSL" })
            await api.PostAsync($"{C}/procurements/{gazetteers}/commitments", new { memberId = ids[code], decision = "commit" }, ct);
        foreach (var code in new[] { "DGL", "ZHL" })
            await api.PostAsync($"{C}/procurements/{gazetteers}/commitments", new { memberId = ids[code], decision = "decline" }, ct);
        await api.PostAsync($"{C}/procurements/{gazetteers}/award", new { vendor = "Beijing Erudition", actualCost = Cny("348000.00") }, ct);
        await api.PostAsync($"{C}/procurements/{gazetteers}/invoice", new
        {
            invoiceNumber = $"ERU-{_year}-0318", invoiceDate = today, amount = Cny("348000.00"),
        }, ct);

        var ieee = await api.CreateAsync($"{C}/procurements", new
        {
            title = "IEEE Xplore backfile 1872-1987", subject = "Engineering", estimatedCost = Cny("680000.00"),
            sharingTerm = "databases", commitmentDeadline = deadline,
            invitedMembers = new[] { "SYSU", "SCUT", "SZU", "GDPU" }.Select(c => ids[c]),
        }, ct);
        await api.PostAsync($"{C}/procurements/{ieee}/commitments", new { memberId = ids["SCUT"], decision = "commit" }, ct);
    }

    private async Task LoansOfMonthAsync(int year, int month, CancellationToken ct)
    {
        await ReturnedLoanAsync("GZPL", "SYSU", new LocalDate(year, month, 5), "normal", ct);
        await ReturnedLoanAsync("GZPL", "SYSU", new LocalDate(year, month, 12), "normal", ct);
        await ReturnedLoanAsync("SZU", "GZPL", new LocalDate(year, month, 8), "rush", ct);
        var copyOn = new LocalDate(year, month, 15);
        if (copyOn <= today)
        {
            var copy = await RequestAsync("JNU", "SCUT", "copy", "normal", copyOn, ct);
            await StepAsync(copy, "copyCompleted", copyOn.PlusDays(1), ct, new() { ["pages"] = 25 });
        }
        if (month % 3 == 0) await ReturnedLoanAsync("FSL", "SZL", new LocalDate(year, month, 20), "express", ct);
        if (month % 4 == 2) await ReturnedLoanAsync("ZHL", "SCUT", new LocalDate(year, month, 25), "normal", ct);
    }

    /// <summary>Requests waiting on their members today: one for SYSU to answer as lender, a conditional offer for SYSU to accept, a loan SYSU holds.</summary>
    private async Task OpenLoansAsync(CancellationToken ct)
    {
        await RequestAsync("GZPL", "SYSU", "loan", "normal", today, ct);
        var offered = await RequestAsync("SYSU", "SCUT", "copy", "normal", today, ct);
        await StepAsync(offered, "conditional", today, ct, new() { ["offeredCost"] = Cny("30.00"), ["note"] = "Only a scan of the microfilm is available." });
        var held = await RequestAsync("SYSU", "JNU", "loan", "normal", today.PlusDays(-10), ct);
        await StepAsync(held, "shipped", today.PlusDays(-10), ct, new() { ["dueDate"] = today.PlusDays(20) });
        await StepAsync(held, "received", today.PlusDays(-7), ct);
    }

    private async Task ReturnedLoanAsync(string borrower, string lender, LocalDate on, string level, CancellationToken ct)
    {
        if (on > today) return;
        var loan = await ShippedAsync(borrower, lender, on, level, ct);
        if (!await StepAsync(loan, "received", on.PlusDays(3), ct)) return;
        if (!await StepAsync(loan, "returnShipped", on.PlusDays(21), ct)) return;
        await StepAsync(loan, "loanCompleted", on.PlusDays(24), ct);
    }

    private async Task<Guid> ShippedAsync(string borrower, string lender, LocalDate on, string level, CancellationToken ct)
    {
        var loan = await RequestAsync(borrower, lender, "loan", level, on, ct);
        await StepAsync(loan, "shipped", on, ct, new() { ["dueDate"] = on.PlusDays(28) });
        return loan;
    }

    private Task<Guid> RequestAsync(string borrower, string lender, string type, string level, LocalDate on, CancellationToken ct) =>
        api.CreateAsync($"{C}/loans", new
        {
            borrowerId = ids[borrower], lenderId = ids[lender], serviceType = type, serviceLevel = level,
            requestId = $"{borrower}-{on:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..6]}", title = Titles[(on.Day + on.Month) % Titles.Length], on,
        }, ct);

    /// <summary>One step on a loan on a day, when that day has come (false: not yet).</summary>
    private async Task<bool> StepAsync(Guid loan, string action, LocalDate on, CancellationToken ct, Dictionary<string, object?>? details = null)
    {
        if (on > today) return false;
        var fields = details ?? [];
        fields["on"] = on;
        await api.PostAsync($"{C}/loans/{loan}/{action}", fields, ct);
        return true;
    }

    private Task SettleAsync(int year, int month, CancellationToken ct) =>
        api.PostAsync($"{C}/clearing/{year}-{month:00}/settlement", new { }, ct);

    private async Task AccountsAsync(Guid wos, CancellationToken ct)
    {
        foreach (var (code, amount, on) in new[] { ("GZPL", "150000.00", Day(3, 15)), ("SZL", "120000.00", Day(3, 28)),
                     ("SYSU", "100000.00", Day(4, 20)), ("SCUT", "80000.00", Day(5, 6)), ("JNU", "60000.00", Day(6, 18)) })
            await api.PostAsync($"{Member(code)}/account/payments", new
            {
                amount = Cny(amount), bankReference = $"{code}-{on:yyyyMMdd}", receivedOn = on,
            }, ct);
        await api.PostAsync($"{Member("JNU")}/account/credit-notes", new
        {
            amount = Cny("2000.00"), reason = "Web of Science outage, 3 to 7 March: the vendor's service credit passed on", issuedOn = Day(4, 2),
        }, ct);
        var statement = await api.GetAsync($"{Member("SZU")}/statement", ct);
        var share = statement.GetProperty("openItems").EnumerateArray()
            .Select(i => i.GetProperty("itemId").GetString()!)
            .First(i => i.StartsWith($"subscription:{wos:N}", StringComparison.Ordinal) || i.StartsWith($"subscription:{wos}", StringComparison.Ordinal));
        await api.PostAsync($"{Member("SZU")}/account/disputes", new
        {
            itemId = share, reason = "Our FTE figure used for the split is last year's; we ask for the share to be recomputed.", raisedOn = Day(9, 3),
        }, ct);
    }

    private async Task InKindAsync(CancellationToken ct)
    {
        foreach (var (code, kind, quantity, on, what) in new[]
                 {
                     ("SZL", "serverHosting", 3m, Day(3, 31), "Hosting of the union catalogue, January to March"),
                     ("SZL", "serverHosting", 3m, Day(6, 30), "Hosting of the union catalogue, April to June"),
                     ("GZPL", "training", 2m, Day(4, 18), "RDA cataloguing workshop for member staff"),
                     ("GZPL", "training", 1m, Day(9, 12), "Interlibrary loan staff training"),
                 })
            await api.PostAsync($"{Member(code)}/in-kind-contributions", new { kind, quantity, providedOn = on, description = what }, ct);
    }

    private string Member(string code) => $"{C}/members/{ids[code]}";

    /// <summary>A day of this year, or today when that day has not come yet.</summary>
    private LocalDate Day(int month, int day) => LocalDate.Min(new LocalDate(_year, month, day), today);

    private static readonly string[] Titles =
    [
        "Records of the Grand Historian (Zhonghua Shuju edition)", "Journal of Chinese Linguistics, vol. 48",
        "Handbook of Pearl River Delta hydrology", "Cantonese opera scripts of the Qing", "Materials Science of Ceramics, 3rd ed.",
        "Guangdong provincial gazetteer, 1934", "Modern Control Engineering", "A History of Lingnan Painting",
    ];
}
