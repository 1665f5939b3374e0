using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Subscriptions;

/// <summary>
/// A three-year phase-in renewed twice (issue 13, item 5): every year starts from the shares before the phase-in,
/// exactly, and the increase cap reads last term's shares. Figures worked by hand:
/// before the phase-in A paid 300000.00 and B 600000.00 (1/3 and 2/3); the rule (FTE 24 and 76) gives 6/25 and 19/25.
/// Year t gives A 1/3 + t/3·(6/25 − 1/3) = 1/3 − 7t/225: 68/225, 61/225, 54/225 (= 6/25).
/// Term 1, 900000.00: A 68/225 = 272000.00, B 628000.00 (caps 330000.00 and 660000.00 from 300000 and 600000 do not bind).
/// Term 2, 900000.00: A 61/225 = 244000.00, B 656000.00 (caps 299200.00 and 690800.00 from term 1 do not bind).
/// Term 3, 950000.00: the rule itself, A 228000.00 and B 722000.00; B's cap is 656000.00 + 10% = 721600.00, so B pays
/// 721600.00 and A 228400.00 (under its cap of 244000.00 + 10% = 268400.00).
/// The defects this guards against give other figures: four-place percentages (33.3333%) give A 271999.80 in term 1;
/// starting year 2 from year 1's shares gives A 176/675 = 234666.67 in term 2; a cap from the shares before the
/// phase-in (660000.00) gives B 660000.00 in term 3.
/// </summary>
public class PhaseInRenewalTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<(SubscriptionScenario S, Guid Sub)> ContractYearOne()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "proportional", attribute = "fte" }, phaseInYears = 3, caps = new { maxIncreasePercent = 10 } }, "USD",
            ("A", 24, "1.00"), ("B", 76, "1.00"));
        var before = SubscriptionScenario.Money("USD", (s.Members["A"].ToString(), "300000.00"), (s.Members["B"].ToString(), "600000.00"));
        var sub = await s.Contract("900000.00", s.Participants("A", "B"), previousShares: before, phaseInYear: 1, currency: "USD");
        await Api.Ok(s.Invoice(sub, "900000.00", "USD"), 201);
        return (s, sub);
    }

    private Task<(int Status, System.Text.Json.JsonElement Body)> Renew(SubscriptionScenario s, Guid sub, string end, string price) =>
        Api.Post($"{s.Url}/{sub}/renewals", new { termEnd = end, price = new { amount = price, currency = "USD" } });

    private static string Amount(System.Text.Json.JsonElement figures, Guid member) =>
        figures.GetProperty(member.ToString()).GetProperty("amount").GetString()!;

    [Fact]
    public async Task A_three_year_phase_in_renewed_twice_moves_a_third_of_the_way_each_year_from_the_same_start()
    {
        var (s, sub) = await ContractYearOne();
        Assert.Equal(new Dictionary<string, string> { ["A"] = "272000.00", ["B"] = "628000.00" }, await s.Shares(sub, term: 1));

        await Api.Ok(Renew(s, sub, "2027-12-31", "900000.00"));
        await Api.Ok(s.Invoice(sub, "900000.00", "USD", term: 2), 201);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "244000.00", ["B"] = "656000.00" }, await s.Shares(sub, term: 2));

        await Api.Ok(Renew(s, sub, "2028-12-31", "950000.00"));
        var (_, invoiced) = await s.Invoice(sub, "950000.00", "USD", term: 3);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "228400.00", ["B"] = "721600.00" }, await s.Shares(sub, term: 3));
        var b = invoiced.GetProperty("cost").GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("memberId").GetGuid() == s.Members["B"]);
        Assert.Equal("721600.00", b.GetProperty("capApplied").GetProperty("amount").GetString());

        // The two figures are recorded apart on each term: last term's shares and the shares before the phase-in.
        var terms = (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("terms");
        Assert.Equal(3, terms[2].GetProperty("phaseInYear").GetInt32());
        Assert.Equal("244000.00", Amount(terms[2].GetProperty("previousShares"), s.Members["A"]));
        Assert.Equal("656000.00", Amount(terms[2].GetProperty("previousShares"), s.Members["B"]));
        Assert.Equal("300000.00", Amount(terms[2].GetProperty("sharesBeforePhaseIn"), s.Members["A"]));
        Assert.Equal("600000.00", Amount(terms[2].GetProperty("sharesBeforePhaseIn"), s.Members["B"]));
        Assert.Equal("272000.00", Amount(terms[1].GetProperty("previousShares"), s.Members["A"]));
        Assert.Equal("300000.00", Amount(terms[1].GetProperty("sharesBeforePhaseIn"), s.Members["A"]));
    }

    /// <summary>
    /// A renewal recorded before the figures were (no previousShares, sharesBeforePhaseIn or phaseInYear on the event)
    /// is priced as it was then, from last term's shares: year 2 from 68/225 gives A 176/675 of 900000.00 = 234666.67
    /// and B 665333.33. A renewal recorded now, after it, finds the shares before the phase-in by walking back to
    /// year 1 (300000.00 and 600000.00) and records them, with term 2's shares as last term's.
    /// </summary>
    [Fact]
    public async Task An_old_renewal_event_without_the_figures_is_priced_as_before_and_the_next_renewal_finds_the_start()
    {
        var (s, sub) = await ContractYearOne();
        await using (var session = Host.Host.Services.GetRequiredService<IDocumentStore>().SessionFor(s.ConsortiumId))
        {
            var stream = await session.Events.FetchForWriting<Subscription>(sub, TestContext.Current.CancellationToken);
            var t1 = stream.Aggregate!.Current;
            stream.AppendOne(new SubscriptionRenewed(sub, 2, new NodaTime.LocalDate(2027, 1, 1), new NodaTime.LocalDate(2027, 12, 31),
                SharingLedger.Kernel.Money.Money.Parse("900000.00", "USD"), t1.Participants, t1.SharingTermName, t1.SharingTerm,
                t1.AgreementId, t1.AgreementVersion, null, LedgerHost.Now));
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Api.Ok(s.Invoice(sub, "900000.00", "USD", term: 2), 201);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "234666.67", ["B"] = "665333.33" }, await s.Shares(sub, term: 2));

        await Api.Ok(Renew(s, sub, "2028-12-31", "950000.00"));
        var terms = (await Api.Ok(Api.Get($"{s.Url}/{sub}"))).GetProperty("terms");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, terms[1].GetProperty("sharesBeforePhaseIn").ValueKind);
        Assert.Equal(3, terms[2].GetProperty("phaseInYear").GetInt32());
        Assert.Equal("234666.67", Amount(terms[2].GetProperty("previousShares"), s.Members["A"]));
        Assert.Equal("300000.00", Amount(terms[2].GetProperty("sharesBeforePhaseIn"), s.Members["A"]));
        Assert.Equal("600000.00", Amount(terms[2].GetProperty("sharesBeforePhaseIn"), s.Members["B"]));
    }

    /// <summary>
    /// Contracting in year 2 of a phase-in that began before the ledger needs the shares before it: year 2 from
    /// 300000/600000 towards 24/76 gives A 61/225 of 900000.00 = 244000.00, whatever last term's shares were.
    /// </summary>
    [Fact]
    public async Task Contracting_in_a_later_phase_in_year_takes_the_shares_before_the_phase_in_separately()
    {
        var s = await SubscriptionScenario.Create(Api,
            new { rule = new { method = "proportional", attribute = "fte" }, phaseInYears = 3 }, "USD", ("A", 24, "1.00"), ("B", 76, "1.00"));
        var last = SubscriptionScenario.Money("USD", (s.Members["A"].ToString(), "272000.00"), (s.Members["B"].ToString(), "628000.00"));
        var before = SubscriptionScenario.Money("USD", (s.Members["A"].ToString(), "300000.00"), (s.Members["B"].ToString(), "600000.00"));

        var (missing, problem) = await s.Contracting("900000.00", s.Participants("A", "B"), previousShares: last, phaseInYear: 2, currency: "USD");
        Assert.Equal(422, missing);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sharesBeforePhaseIn", out _), problem.ToString());

        var created = await Api.Ok(Api.Post(s.Url, new
        {
            vendor = "EBSCO", resource = "Academic Search Complete", termStart = "2026-01-01", termEnd = "2026-12-31",
            price = new { amount = "900000.00", currency = "USD" }, participants = s.Participants("A", "B"), sharingTerm = "databases",
            previousShares = last, phaseInYear = 2, sharesBeforePhaseIn = before,
        }), 201);
        var sub = created.GetProperty("id").GetGuid();
        await Api.Ok(s.Invoice(sub, "900000.00", "USD"), 201);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "244000.00", ["B"] = "656000.00" }, await s.Shares(sub));
    }
}
