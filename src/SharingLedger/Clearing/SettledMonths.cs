using Marten;
using SharingLedger.Loans;

namespace SharingLedger.Clearing;

/// <summary>The settled months, from the settlements' inline snapshots.</summary>
public sealed class SettledMonths : ISettledMonths
{
    public async Task<IReadOnlySet<string>> OfAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        (await session.Query<ClearingSettlement>().Where(s => s.ConsortiumId == consortiumId).Select(s => s.Month).ToListAsync(ct)).ToHashSet();

    public async Task<IReadOnlySet<string>> Of(Marten.Services.BatchQuerying.IBatchedQuery batch, Guid consortiumId) =>
        (await batch.Query<ClearingSettlement>().Where(s => s.ConsortiumId == consortiumId).Select(s => s.Month).ToList()).ToHashSet();
}
