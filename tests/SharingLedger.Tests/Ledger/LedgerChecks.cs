using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Ledger;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Ledger;

/// <summary>The ledger's invariants, checked against what is stored for one consortium.</summary>
public static class LedgerChecks
{
    public static async Task<List<Posting>> Postings(LedgerHost host, Guid consortiumId)
    {
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(consortiumId);
        return (await session.Query<Posting>().Where(p => p.ConsortiumId == consortiumId).ToListAsync()).ToList();
    }

    /// <summary>Per currency, all the consortium's postings sum to zero, and so does each event's.</summary>
    public static async Task AssertBalanced(LedgerHost host, Guid consortiumId)
    {
        var postings = await Postings(host, consortiumId);
        Assert.NotEmpty(postings);
        foreach (var currency in postings.GroupBy(p => p.Currency))
            Assert.Equal(0, currency.Sum(p => p.Debit - p.Credit));
        foreach (var e in postings.GroupBy(p => (p.EventId, p.Currency)))
            Assert.True(e.Sum(p => p.Debit - p.Credit) == 0, $"Event {e.Key.EventId} does not balance in {e.Key.Currency}.");
        Assert.All(postings, p => Assert.True((p.Debit > 0) ^ (p.Credit > 0), $"Posting {p.Id} must be a debit or a credit."));
    }

    /// <summary>Re-running the rules over the raw events gives exactly the stored postings (a rebuild that touches nothing).</summary>
    public static async Task AssertRebuildEqualsStored(LedgerHost host, Guid consortiumId)
    {
        var stored = await Postings(host, consortiumId);
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(consortiumId);
        var eventIds = stored.Select(p => p.EventId).Distinct().ToList();
        var streams = stored.Select(p => p.StreamId).Distinct().ToList();
        var rebuilt = new List<Posting>();
        foreach (var stream in streams)
        {
            foreach (var e in await session.Events.FetchStreamAsync(stream))
                rebuilt.AddRange(await PostingProjection.PostingsFor(e, session, default));
        }
        Assert.Equal(Describe(stored), Describe(rebuilt));
    }

    private static List<string> Describe(IEnumerable<Posting> postings) =>
        postings.Select(p => string.Join('|', p.Id, p.ConsortiumId, p.Account, p.MemberId, p.Party, p.Debit, p.Credit, p.Currency, p.EventId,
                p.EventType, p.StreamId, p.Line, p.AgreementId, p.AgreementVersion, p.BusinessDate, p.FactDate, p.Period, p.AdjustsPeriod, p.RecordedAt, p.Memo, p.ItemId))
            .Order(StringComparer.Ordinal).ToList();
}
