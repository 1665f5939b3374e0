using System.Collections.Concurrent;
using Marten;

namespace SharingLedger.Consortia;

/// <summary>
/// The consortia a node has read, kept for the loan traffic: a consortium's document is fixed when it is established
/// (<see cref="ConsortiumEstablished"/> is the only event its snapshot is built from), so a node reads it from its database once
/// instead of once per loan request or step (docs/decisions.md, "A consortium read once per node for the loan traffic"). A
/// consortium not found is not remembered: it may be established the next moment. The documents returned are shared: read them,
/// never change them.
/// </summary>
public sealed class EstablishedConsortia
{
    /// <summary>More than a deployment has consortia (fifty in issue 14's picture); past it the node forgets them all and reads again.</summary>
    public const int Limit = 10_000;

    private readonly ConcurrentDictionary<(string Database, string Tenant, Guid Id), Consortium> known = new();

    /// <summary>The consortium <paramref name="id"/> in the session's database and tenant, from this node's memory or else the database.</summary>
    public async Task<Consortium?> FindAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var key = (session.Database.Id.Identity, session.TenantId, id);
        if (known.TryGetValue(key, out var consortium)) return consortium;
        consortium = await session.LoadAsync<Consortium>(id, ct);
        if (consortium is null) return null;
        if (known.Count >= Limit) known.Clear();
        return known.GetOrAdd(key, consortium);
    }
}
