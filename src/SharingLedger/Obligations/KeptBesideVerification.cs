using Marten;
using SharingLedger.Audit;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Obligations;

/// <summary>
/// The audit's check of what the shared costs' projections keep beside their snapshots (<see cref="IKeptBeside"/>: each member's
/// items of the dues, subscriptions, joint procurements and settled months; a subscription's member rows and outline): every
/// document made again from the consortium's snapshots and compared, as stored JSON, with the one stored, naming the first (in
/// snapshot order, then key) that is missing, stored for nothing the snapshot gives, or different. <c>rebuild-member-items</c>
/// repairs them. The stored documents are read as digests of their JSON as PostgreSQL writes it (<see cref="JsonbText"/>; 460 MB of
/// JSON at national size, read whole in .NET for 8–9 s): a page of snapshots is read whole only where a digest differs, and a
/// document is called different only when it differs whole. The figures are checked two at a time, each in a session of its own
/// (<see cref="DerivedFigures.EachInOwnSessionAsync"/>).
/// </summary>
public sealed class KeptBesideVerification(IEnumerable<IKeptBeside> kept) : IDerivedFiguresCheck
{
    /// <summary>Snapshots compared at a time: a subscription at national size makes 4,000 documents.</summary>
    private const int Page = 10;

    public static readonly BreakReason Missing = new("kept-missing", "It is not stored, though its snapshot gives it.");
    public static readonly BreakReason WithoutSource = new("kept-without-source", "It is stored, though its snapshot does not give it.");
    public static readonly BreakReason Differs = new("kept-differs", "It is stored differently from what its snapshot gives.");

    public async Task<IReadOnlyList<DerivedCheck>> CheckAsync(IQuerySession session, Guid consortiumId, CancellationToken ct)
    {
        if (session.ConsortiumInScope(consortiumId) == Guid.Empty) return [];
        return await DerivedFigures.EachInOwnSessionAsync(session.DocumentStore, session.TenantId, [.. kept], CheckAsync, ct);
    }

    private static async Task<DerivedCheck> CheckAsync(IQuerySession session, IKeptBeside figure, CancellationToken ct)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        var (count, first) = (0L, (DerivedBreak?)null);
        foreach (var page in (await figure.SourcesAsync(session, ct)).Chunk(Page))
        {
            var (digests, made) = (await figure.StoredDigestsAsync(session, page, ct), await figure.MadeAsync(session, page, ct));
            IReadOnlyDictionary<string, object>? whole = null; // read only where a digest differs
            foreach (var key in digests.Keys.Union(made.Keys).Order(StringComparer.Ordinal))
            {
                count++;
                if (first is not null) continue;
                var why = !digests.TryGetValue(key, out var digest) ? Missing
                    : !made.TryGetValue(key, out var m) ? WithoutSource
                    : JsonbText.Digest(serializer.ToJson(m)) == digest ? null
                    : (whole ??= await figure.StoredAsync(session, page, ct)).TryGetValue(key, out var s) && serializer.ToJson(s) == serializer.ToJson(m) ? null
                    : Differs;
                if (why is not null) first = DerivedBreak.Of(figure.Figure, key, null, null, why);
            }
        }
        return new DerivedCheck(figure.Figure, count, first);
    }
}
