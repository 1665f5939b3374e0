using System.Globalization;
using System.Text.Json;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>
/// Everything that reduces what a member owes (a payment allocated to an item, a credit note, an upheld dispute's credit,
/// a write-off on the item or on account) must be decided on the member's account as it stands when the reduction is
/// saved. Each trial races requests that would each clear the whole of one member's only item; whatever the timing, at
/// most one may be accepted and the member may never end up owing less than nothing. A decision made on what was open a
/// moment earlier shows as two accepted reductions and a negative balance (in most runs of the old code).
/// </summary>
public class MemberAccountRaceTests(LedgerHost host) : LedgerTest(host)
{
    private const int Trials = 10;
    private const int Racers = 12;

    private static object Usd(string amount) => new { amount, currency = "USD" };
    private static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;
    private static decimal Decimal(string amount) => decimal.Parse(amount, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Racing_payments_credit_notes_dispute_credits_and_write_offs_reduce_an_item_at_most_once()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var members = new List<Guid>();
        for (var i = 0; i < Trials; i++) members.Add(await Api.AdmitMember(c, $"R{i}"));
        // 1000.00 among ten members, equally: each owes one dues item of 100.00.
        await Api.Ok(Api.AdoptAgreement(c, members, new { method = "equal" }, annualAmount: "1000.00"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);

        var outcomes = new List<(int Trial, List<string> Accepted, decimal Balance)>();
        foreach (var (member, trial) in members.Select((m, i) => (m, i)))
        {
            var account = $"/consortia/{c}/members/{member}/account";
            var open = (await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement"))).GetProperty("openItems").EnumerateArray().Single();
            var item = open.GetProperty("itemId").GetString()!;
            var whole = Amount(open, "open");
            Assert.Equal("100.00", whole);
            var dispute = (await Api.Ok(Api.Post($"{account}/disputes", new { itemId = item, reason = "Charged twice" }), 201)).GetProperty("disputeId").GetGuid();

            var racers = Enumerable.Range(0, Racers).Select(i => (i % 6) switch
            {
                0 => (Kind: "payment", Call: Api.Post($"{account}/payments", new
                {
                    amount = Usd(whole), bankReference = $"RACE-{trial}-{i}", receivedOn = "2026-11-20",
                    allocations = new[] { new { itemId = item, amount = Usd(whole) } },
                })),
                1 => (Kind: "credit note", Call: Api.Post($"{account}/credit-notes", new { amount = Usd(whole), reason = "Goodwill", itemId = item, issuedOn = "2026-11-20" })),
                2 => (Kind: "write-off on the item", Call: Api.Post($"{account}/write-offs", new { amount = Usd(whole), reason = "Closed", itemId = item, approvedOn = "2026-11-20" })),
                3 => (Kind: "write-off on account", Call: Api.Post($"{account}/write-offs", new { amount = Usd(whole), reason = "Closed", approvedOn = "2026-11-20" })),
                4 => (Kind: "upheld dispute", Call: Api.Post($"{account}/disputes/{dispute}/resolution", new { upheld = true, credit = Usd(whole), reason = "Refund", resolvedOn = "2026-11-20" })),
                _ => (Kind: "credit note", Call: Api.Post($"{account}/credit-notes", new { amount = Usd(whole), reason = "Goodwill", itemId = item, issuedOn = "2026-11-20" })),
            }).ToList();
            var answers = await Task.WhenAll(racers.Select(r => r.Call));

            var accepted = racers.Zip(answers).Where(x => x.Second.Status is 200 or 201).Select(x => x.First.Kind).ToList();
            Assert.All(answers.Where(a => a.Status is not (200 or 201)), a => Assert.True(a.Status is 409 or 422, $"a refused reduction is a 409 or a 422, not {a.Status}: {a.Body}"));
            var balance = Amount(await Api.Ok(Api.Get($"/consortia/{c}/members/{member}/statement")), "balance");
            outcomes.Add((trial, accepted, Decimal(balance)));
        }

        var report = string.Join("\n", outcomes.Select(o => $"trial {o.Trial}: accepted [{string.Join(", ", o.Accepted)}], balance {o.Balance}"));
        var doubled = outcomes.Count(o => o.Accepted.Count > 1 || o.Balance < 0);
        Assert.True(doubled == 0, $"{doubled} of {Trials} trials reduced an item more than once:\n{report}");
        // The first reduction to be saved wins: exactly one per trial, and each member owes nothing now.
        Assert.All(outcomes, o => Assert.True(o.Accepted.Count == 1 && o.Balance == 0m, report));
        await LedgerChecks.AssertBalanced(Host, c);
    }
}
