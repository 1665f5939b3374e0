using Marten;

namespace SharingLedger.Loans;

/// <summary>
/// The months (yyyy-MM) of a consortium whose clearing is settled: no charge may post in them. The clearing slice, which
/// settles months and reads the loans' charges to do so, provides it (<c>AddClearing</c>), so Loans does not read back into it.
/// </summary>
public interface ISettledMonths
{
    Task<IReadOnlySet<string>> OfAsync(IQuerySession session, Guid consortiumId, CancellationToken ct);

    /// <summary>The same, read as part of a batched query (answered when the batch has run).</summary>
    Task<IReadOnlySet<string>> Of(Marten.Services.BatchQuerying.IBatchedQuery batch, Guid consortiumId);
}
