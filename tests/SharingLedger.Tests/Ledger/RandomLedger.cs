using NodaTime;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>A consortium whose members' accounts took a random sequence of payments, credit notes, disputes and write-offs.</summary>
public static class RandomLedger
{
    private static object Usd(decimal amount) => new { amount = amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), currency = "USD" };

    /// <summary>Three members, dues for 2025, 2026 and 2027 (a year ahead of today), then random account events.</summary>
    public static async Task<(Guid C, List<Guid> Members)> AccountsAsync(LedgerApi api, int seed, int steps = 24)
    {
        var c = await api.EstablishConsortium(currency: "USD");
        var members = new List<Guid>();
        foreach (var code in new[] { "A", "B", "C" }) members.Add(await api.AdmitMember(c, code));
        await api.Ok(api.AdoptAgreement(c, members, new { method = "equal" }, annualAmount: "900.00"), 201);
        foreach (var year in new[] { 2025, 2026, 2027 }) await api.Ok(api.AssessDues(c, year), 201);
        await StepsAsync(api, c, members, new Random(seed), seed, 0, steps);
        return (c, members);
    }

    /// <summary>
    /// Steps <paramref name="first"/> to <paramref name="first"/> + <paramref name="steps"/> of random account events (payments, credit notes,
    /// write-offs, disputes) dated in 2026, on the consortium's members.
    /// </summary>
    public static async Task StepsAsync(LedgerApi api, Guid c, List<Guid> members, Random random, int seed, int first, int steps)
    {
        for (var step = first; step < first + steps; step++)
        {
            var member = members[random.Next(members.Count)];
            var account = $"/consortia/{c}/members/{member}/account";
            var open = (await api.Ok(api.Get($"/consortia/{c}/members/{member}/statement"))).GetProperty("openItems").EnumerateArray()
                .Select(i => (Id: i.GetProperty("itemId").GetString()!, Open: decimal.Parse(i.GetProperty("open").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            var day = new LocalDate(2026, 1, 1).PlusDays(random.Next(330)).ToString("uuuu-MM-dd", null);
            decimal Part(decimal of) => Math.Max(0.01m, Math.Round(of * random.Next(1, 101) / 100m, 2));
            var item = open.Count == 0 ? default : open[random.Next(open.Count)];
            switch (open.Count == 0 ? 0 : random.Next(6))
            {
                case 0: // on account, sometimes more than is owed
                    await api.Ok(api.Post($"{account}/payments", new { amount = Usd(Part(400m)), bankReference = $"B-{seed}-{step}", receivedOn = day }), 201);
                    break;
                case 1:
                    var paid = Part(item.Open);
                    await api.Ok(api.Post($"{account}/payments", new
                    {
                        amount = Usd(paid), bankReference = $"B-{seed}-{step}", receivedOn = day, allocations = new[] { new { itemId = item.Id, amount = Usd(paid) } },
                    }), 201);
                    break;
                case 2:
                    await api.Ok(api.Post($"{account}/credit-notes", new { amount = Usd(Part(item.Open)), reason = "Service credit", itemId = item.Id, issuedOn = day }), 201);
                    break;
                case 3: // a credit note naming no item goes to the oldest open items
                    await api.Ok(api.Post($"{account}/credit-notes", new { amount = Usd(Part(100m)), reason = "Goodwill", issuedOn = day }), 201);
                    break;
                case 4:
                    await api.Ok(api.Post($"{account}/write-offs", new { amount = Usd(item.Open), reason = "Uncollectable", itemId = item.Id, approvedOn = day }), 201);
                    break;
                default:
                    var dispute = (await api.Ok(api.Post($"{account}/disputes", new { itemId = item.Id, reason = "Figure disputed" }), 201)).GetProperty("disputeId").GetGuid();
                    await api.Ok(api.Post($"{account}/disputes/{dispute}/resolution", random.Next(2) == 0
                        ? new { upheld = true, credit = (object?)Usd(Part(item.Open)), reason = "Corrected", resolvedOn = day }
                        : new { upheld = false, credit = (object?)null, reason = "Figure stands", resolvedOn = day }));
                    break;
            }
        }
    }
}
