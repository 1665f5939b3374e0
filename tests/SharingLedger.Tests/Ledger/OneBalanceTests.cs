using System.Globalization;
using System.Text.Json;
using NodaTime;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// One balance (issue 13, item 8): after random sequences of invoices, payments, credit notes, write-offs and reversals over
/// HTTP, for every as-of date and known-at instant asked, each member's outstanding in the balances equals its statement's
/// closing balance, which equals the sum of its open items less the credit they did not absorb; payables are shown apart;
/// and each figure equals what the test worked out by hand from the amounts and dates it sent.
/// </summary>
public class OneBalanceTests(LedgerHost host) : LedgerTest(host)
{
    private static long Minor(JsonElement money) =>
        (long)(decimal.Parse(money.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture) * 100);

    private static object Usd(long minor) => new { amount = (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture), currency = "USD" };

    private static string Iso(LocalDate d) => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>What the test sent, per member: each change of what it owes, on the date it counts.</summary>
    private sealed record Change(LocalDate Date, long Delta);

    [Theory]
    [InlineData(1301)]
    [InlineData(1302)]
    public async Task Balances_statement_and_open_items_agree_with_each_other_and_with_the_figures_worked_out_by_hand(int seed)
    {
        var random = new Random(seed);
        var c = await Api.EstablishConsortium(currency: "USD");
        var codes = new[] { "A", "B", "C" };
        var ids = new Dictionary<string, Guid>();
        foreach (var code in codes) ids[code] = await Api.AdmitMember(c, code);
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = new { amount = "900.00", currency = "USD" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
        }), 201);
        var changes = codes.ToDictionary(code => code, _ => new List<Change>());

        // Dues of 900.00 split equally: 300.00 each, dated on the fiscal year's first day; 2027's lies in the future.
        foreach (var year in new[] { 2026, 2027 })
        {
            await Api.Ok(Api.AssessDues(c, year), 201);
            foreach (var code in codes) changes[code].Add(new Change(new LocalDate(year, 1, 1), 30000));
        }
        // A subscription invoiced at 3000.00 on 2026-01-15, split equally: 1000.00 each, dated by the invoice.
        var subscription = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
        {
            vendor = "EBSCO", resource = "Academic Search Complete", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "3000.00", currency = "USD" }, participants = ids.Values.Select(id => new { memberId = id }), sharingTerm = "databases",
        }), 201)).GetProperty("id").GetGuid();
        await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{subscription}/invoices", new
        {
            invoiceNumber = $"INV-{seed}", invoiceDate = "2026-01-15", amount = new { amount = "3000.00", currency = "USD" },
        }), 201);
        foreach (var code in codes) changes[code].Add(new Change(new LocalDate(2026, 1, 15), 100000));

        var payments = codes.ToDictionary(code => code, _ => new List<(Guid Id, long Amount, LocalDate On)>());
        for (var step = 0; step < 18; step++)
        {
            var code = codes[random.Next(codes.Length)];
            var m = ids[code];
            var account = $"/consortia/{c}/members/{m}/account";
            var day = new LocalDate(2026, 1, 16).PlusDays(step * 17);
            var open = (await Api.Ok(Api.Get($"/consortia/{c}/members/{m}/statement"))).GetProperty("openItems").EnumerateArray()
                .Where(i => NodaTime.Text.LocalDatePattern.Iso.Parse(i.GetProperty("date").GetString()!).Value <= day)
                .Select(i => (Id: i.GetProperty("itemId").GetString()!, Open: Minor(i.GetProperty("open")))).ToList();
            var item = open.Count == 0 ? default : open[random.Next(open.Count)];
            long Part(long of) => Math.Max(1, of * random.Next(1, 101) / 100);
            var choice = random.Next(6);
            if (open.Count == 0 && choice is 1 or 2 or 4) choice = 0;
            if (choice == 5 && payments[code].Count == 0) choice = 0;
            switch (choice)
            {
                case 0: // on account, sometimes more than is owed
                    var paid = Part(60000);
                    var id = (await Api.Ok(Api.Post($"{account}/payments", new { amount = Usd(paid), bankReference = $"B-{seed}-{step}", receivedOn = Iso(day) }), 201))
                        .GetProperty("paymentId").GetGuid();
                    payments[code].Add((id, paid, day));
                    changes[code].Add(new Change(day, -paid));
                    break;
                case 1:
                    var part = Part(item.Open);
                    var allocated = (await Api.Ok(Api.Post($"{account}/payments", new
                    {
                        amount = Usd(part), bankReference = $"B-{seed}-{step}", receivedOn = Iso(day), allocations = new[] { new { itemId = item.Id, amount = Usd(part) } },
                    }), 201)).GetProperty("paymentId").GetGuid();
                    payments[code].Add((allocated, part, day));
                    changes[code].Add(new Change(day, -part));
                    break;
                case 2:
                    var credit = Part(item.Open);
                    await Api.Ok(Api.Post($"{account}/credit-notes", new { amount = Usd(credit), reason = "Service credit", itemId = item.Id, issuedOn = Iso(day) }), 201);
                    changes[code].Add(new Change(day, -credit));
                    break;
                case 3: // a credit note on account
                    var goodwill = Part(20000);
                    await Api.Ok(Api.Post($"{account}/credit-notes", new { amount = Usd(goodwill), reason = "Goodwill", issuedOn = Iso(day) }), 201);
                    changes[code].Add(new Change(day, -goodwill));
                    break;
                case 4:
                    await Api.Ok(Api.Post($"{account}/write-offs", new { amount = Usd(item.Open), reason = "Uncollectable", itemId = item.Id, approvedOn = Iso(day) }), 201);
                    changes[code].Add(new Change(day, -item.Open));
                    break;
                default: // a payment reversed: what it paid is owed again from the day of the reversal
                    var reversed = payments[code][random.Next(payments[code].Count)];
                    payments[code].Remove(reversed);
                    await Api.Ok(Api.Post($"{account}/payments/{reversed.Id}/reversal", new { reason = "Bounced", reversedOn = Iso(day) }), 201);
                    changes[code].Add(new Change(day, reversed.Amount));
                    break;
            }
        }

        // Every event was recorded at the test clock's instant: known a tick before it, nothing; known at it, everything.
        var now = LedgerHost.Now;
        var asked = new List<(LocalDate AsOf, Instant? KnownAt)>();
        foreach (var asOf in new[] { new LocalDate(2026, 1, 14), new LocalDate(2026, 3, 31), new LocalDate(2026, 7, 31), new LocalDate(2026, 11, 27), new LocalDate(2027, 6, 30) })
            asked.Add((asOf, null));
        asked.Add((new LocalDate(2027, 6, 30), now));
        asked.Add((new LocalDate(2027, 6, 30), now - Duration.FromTicks(1)));

        foreach (var (asOf, knownAt) in asked)
        {
            var query = $"asOf={Iso(asOf)}" + (knownAt is { } k ? $"&knownAt={Uri.EscapeDataString(NodaTime.Text.InstantPattern.ExtendedIso.Format(k))}" : "");
            var balances = (await Api.Ok(Api.Get($"/consortia/{c}/balances?{query}"))).GetProperty("members").EnumerateArray()
                .ToDictionary(b => b.GetProperty("memberCode").GetString()!);
            foreach (var code in codes)
            {
                var what = $"member {code}, seed {seed}, {query}";
                var byHand = knownAt is { } at && at < now ? 0 : changes[code].Where(x => x.Date <= asOf).Sum(x => x.Delta);
                var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{ids[code]}/statement?{query}"));
                var balance = balances[code];
                var open = statement.GetProperty("openItems").EnumerateArray().Sum(i => Minor(i.GetProperty("open")));
                var ageing = balance.GetProperty("ageing").EnumerateObject().Sum(b => Minor(b.Value));

                Assert.True(byHand == Minor(balance.GetProperty("outstanding")), $"{what}: outstanding {balance.GetProperty("outstanding")} is not {byHand} by hand");
                Assert.True(byHand == Minor(statement.GetProperty("closingBalance")), $"{what}: closing balance {statement.GetProperty("closingBalance")} is not {byHand} by hand");
                // The open items are what is owed when something is; the credit they could not absorb is what was paid beyond it.
                Assert.True(Math.Max(byHand, 0) == open, $"{what}: open items sum to {open}, by hand {Math.Max(byHand, 0)}");
                Assert.True(Math.Max(-byHand, 0) == Minor(statement.GetProperty("unappliedCredit")), $"{what}: unapplied credit {statement.GetProperty("unappliedCredit")}");
                Assert.Equal(open, ageing);
                Assert.Equal(0, Minor(statement.GetProperty("payable")));
                Assert.Equal(Minor(balance.GetProperty("payable")), Minor(statement.GetProperty("payable")));
                Assert.Equal(Minor(statement.GetProperty("closingBalance")) - Minor(statement.GetProperty("payable")), Minor(statement.GetProperty("balance")));
            }
        }

        // The obligations view of 2026 (dues 300.00 and the share 1000.00 by hand: gross 1300.00) shows what was paid, credited
        // and applied from the account against those items, and what is still open of them: the statement's open items.
        foreach (var code in codes)
        {
            var obligations = await Api.Ok(Api.Obligations(c, ids[code], 2026));
            var account = obligations.GetProperty("account");
            Assert.Equal(130000, Minor(account.GetProperty("gross")));
            Assert.Equal(Minor(account.GetProperty("gross")) - Minor(account.GetProperty("paid")) - Minor(account.GetProperty("credits"))
                - Minor(account.GetProperty("appliedFromAccount")), Minor(account.GetProperty("net")));
            var itemIds = obligations.GetProperty("items").EnumerateArray().Where(i => i.TryGetProperty("ledgerItemId", out _)).Select(i => i.GetProperty("ledgerItemId").GetString()!).ToHashSet();
            Assert.Equal(2, itemIds.Count);
            var openOf2026 = (await Api.Ok(Api.Get($"/consortia/{c}/members/{ids[code]}/statement"))).GetProperty("openItems").EnumerateArray()
                .Where(i => itemIds.Contains(i.GetProperty("itemId").GetString()!)).Sum(i => Minor(i.GetProperty("open")));
            Assert.Equal(openOf2026, Minor(account.GetProperty("net")));
        }
    }

    /// <summary>
    /// With the defaults a user gets (no parameters), balances and statement are as of the same day, the consortium's today
    /// (2026-11-27 on the test clock): dues of 600.00 split equally are 300.00 each for 2026 and again for 2027, dated 2027-01-01;
    /// A paid 100.00. Today A owes 300.00 − 100.00 = 200.00 everywhere; as of 2027-01-31, 200.00 + 300.00 = 500.00 everywhere.
    /// </summary>
    [Fact]
    public async Task With_no_parameters_the_balances_the_statement_and_the_open_items_agree()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = new[] { a, b },
            dues = new { annualAmount = new { amount = "600.00", currency = "USD" }, rule = new { method = "equal" } },
        }), 201);
        foreach (var year in new[] { 2026, 2027 }) await Api.Ok(Api.AssessDues(c, year), 201);
        await Api.Ok(Api.Post($"/consortia/{c}/members/{a}/account/payments", new { amount = Usd(10000), bankReference = "IN-1", receivedOn = "2026-11-01" }), 201);

        foreach (var (query, expected) in new[] { ("", 20000L), ("?asOf=2027-01-31", 50000L) })
        {
            var balances = await Api.Ok(Api.Get($"/consortia/{c}/balances{query}"));
            var outstanding = Minor(balances.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("memberCode").GetString() == "A").GetProperty("outstanding"));
            var statement = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/statement{query}"));
            var openItems = statement.GetProperty("openItems").EnumerateArray().Sum(i => Minor(i.GetProperty("open")));
            Assert.Equal((expected, expected, expected), (outstanding, Minor(statement.GetProperty("closingBalance")), openItems));
            Assert.Equal(balances.GetProperty("asOf").GetString(), statement.GetProperty("asOf").GetString());
        }
    }
}
