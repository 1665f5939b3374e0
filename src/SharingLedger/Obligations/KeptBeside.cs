using System.Linq.Expressions;
using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Obligations;

/// <summary>
/// Documents a shared cost's projection keeps beside its inline snapshot (each member's obligation items; a subscription's member rows
/// and outline), made again from the snapshot. Marten raises no side effects when it rebuilds a projection, and a change to the code
/// that makes them changes no stored document by itself: the audit verification compares what is stored with what the snapshots
/// make now (<see cref="KeptBesideVerification"/>), and <c>rebuild-member-items</c> keeps them again (<see cref="MemberItemsRebuild"/>).
/// Each slice registers its own (its setup), and its projection keeps them through the same instance.
/// </summary>
public interface IKeptBeside
{
    /// <summary>The figure's code in the verification ("subscription-items").</summary>
    string Figure { get; }

    /// <summary>The ids of the snapshots in the session's consortium, in order.</summary>
    Task<IReadOnlyList<Guid>> SourcesAsync(IQuerySession session, CancellationToken ct);

    /// <summary>For these snapshots, the kept documents as the snapshots make them now, each by its key.</summary>
    Task<IReadOnlyDictionary<string, object>> MadeAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct);

    /// <summary>
    /// For these snapshots, the SHA-256 of each kept document's stored JSON as PostgreSQL writes it (<see cref="JsonbText.DigestSql"/>), by its key: what
    /// <see cref="KeptBesideVerification"/> reads first, to read whole only a page where one differs (<see cref="JsonbText"/>).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> StoredDigestsAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct);

    /// <summary>For these snapshots, the kept documents as stored, each by its key.</summary>
    Task<IReadOnlyDictionary<string, object>> StoredAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct);

    /// <summary>
    /// Keeps the documents of these snapshots again in the session (saved by the caller). Each snapshot is read <c>for update</c> in
    /// the session's transaction, started here: a write to the same stream either commits first, and its snapshot is the one read,
    /// or waits for this transaction and then keeps its own. Returns how many documents were kept.
    /// </summary>
    Task<int> KeepAgainAsync(IDocumentSession session, IReadOnlyList<Guid> sources, CancellationToken ct);
}

/// <summary>What <typeparamref name="TSnapshot"/>'s projection keeps beside it, and how to find what is stored.</summary>
public sealed class KeptBeside<TSnapshot>(
    string figure,
    Expression<Func<TSnapshot, Guid>> id,
    Func<TSnapshot, IEnumerable<(string Key, object Document)>> made,
    Func<IQuerySession, IReadOnlyList<Guid>, CancellationToken, Task<IEnumerable<(string Key, object Document)>>> stored,
    IReadOnlyList<KeptTable> tables,
    Func<IDocumentOperations, TSnapshot, int> keep) : IKeptBeside where TSnapshot : notnull
{
    public string Figure => figure;

    /// <summary>What the projection calls in the snapshot's transaction: replaces the documents kept for <paramref name="snapshot"/> (how many it stores).</summary>
    public int Keep(IDocumentOperations operations, TSnapshot snapshot) => keep(operations, snapshot);

    public async Task<IReadOnlyList<Guid>> SourcesAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<TSnapshot>().OrderBy(id).Select(id).ToListAsync(ct);

    public async Task<IReadOnlyDictionary<string, object>> MadeAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct) =>
        (await session.LoadManyAsync<TSnapshot>(ct, sources)).SelectMany(made).ToDictionary(x => x.Key, x => x.Document);

    public async Task<IReadOnlyDictionary<string, object>> StoredAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct) =>
        (await stored(session, sources, ct)).ToDictionary(x => x.Key, x => x.Document);

    public async Task<IReadOnlyDictionary<string, string>> StoredDigestsAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var name = session.DocumentStore.Options.FindOrResolveDocumentType(table.Document).TableName.QualifiedName;
            var sql = $"select d.id::text, {JsonbText.DigestSql("d.data")} from {name} d where {table.Source} = any(?) and d.tenant_id = ?";
            foreach (var (id, digest) in await PlainSql.ReadAsync(session, sql, [sources.ToArray(), session.TenantId], r => (r.GetString(0), r.GetString(1)), ct))
                digests[table.Key(id)] = digest;
        }
        return digests;
    }

    public async Task<int> KeepAgainAsync(IDocumentSession session, IReadOnlyList<Guid> sources, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var snapshots = await session.QueryAsync<TSnapshot>("where d.id = any(?) and d.tenant_id = ? for update", ct, sources.ToArray(), session.TenantId);
        return snapshots.Sum(s => keep(session, s));
    }
}

/// <summary>
/// A table of kept documents as SQL finds them: <paramref name="Source"/> the column naming a document's snapshot (of the table aliased
/// <c>d</c>), <paramref name="Key"/> the document's key as <see cref="IKeptBeside"/> names it, from its id as text.
/// </summary>
public sealed record KeptTable(Type Document, string Source, Func<string, string> Key);

/// <summary>The members' obligation items a shared cost keeps (<see cref="MemberObligationItems"/>), as an <see cref="IKeptBeside"/>.</summary>
public static class KeptBeside
{
    public static KeptBeside<TSnapshot> Items<TSnapshot>(string figure, Expression<Func<TSnapshot, Guid>> id,
        Func<TSnapshot, IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)>> itemsOf) where TSnapshot : notnull
    {
        var idOf = id.Compile();
        return new KeptBeside<TSnapshot>(figure, id,
            s => MemberObligationItems.Of(idOf(s), itemsOf(s)).Select(x => (x.Id, (object)x)),
            async (session, sources, ct) => (await session.Query<MemberObligationItem>().Where(x => x.SourceId.IsOneOf(sources.ToArray())).ToListAsync(ct))
                .Select(x => (x.Id, (object)x)),
            [new KeptTable(typeof(MemberObligationItem), "d.source_id", id => id)],
            (operations, s) => MemberObligationItems.Replace(operations, idOf(s), itemsOf(s)));
    }
}
