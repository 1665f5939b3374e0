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

    /// <summary>
    /// For these snapshots, every kept document (stored, made from the snapshots now, or both) by its key, in key order, and whether it
    /// is missing from what is stored, stored without being made, or stored as made.
    /// </summary>
    Task<IReadOnlyList<KeptComparison>> CompareAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct);

    /// <summary>
    /// Keeps the documents of these snapshots again in the session (saved by the caller). Each snapshot is read <c>for update</c> in
    /// the session's transaction, started here: a write to the same stream either commits first, and its snapshot is the one read,
    /// or waits for this transaction and then keeps its own. Returns how many documents were kept.
    /// </summary>
    Task<int> KeepAgainAsync(IDocumentSession session, IReadOnlyList<Guid> sources, CancellationToken ct);
}

/// <summary>A kept document's key, and whether it is missing (made, not stored), extra (stored, not made) or stored as made.</summary>
public sealed record KeptComparison(string Key, bool Missing, bool Extra, bool Same);

/// <summary>
/// What <typeparamref name="TSnapshot"/>'s projection keeps beside it, and where it is stored: <paramref name="stored"/> selects the
/// stored documents' key (<c>k</c>, as <paramref name="made"/> names them) and <c>jsonb</c> (<c>d</c>) for the consortium <c>$3</c> and
/// the snapshots <c>$4</c> (a <c>uuid[]</c>).
/// </summary>
public sealed class KeptBeside<TSnapshot>(
    string figure,
    Expression<Func<TSnapshot, Guid>> id,
    Func<TSnapshot, IEnumerable<(string Key, object Document)>> made,
    string stored,
    Func<IDocumentOperations, TSnapshot, int> keep) : IKeptBeside where TSnapshot : notnull
{
    public string Figure => figure;

    /// <summary>What the projection calls in the snapshot's transaction: replaces the documents kept for <paramref name="snapshot"/> (how many it stores).</summary>
    public int Keep(IDocumentOperations operations, TSnapshot snapshot) => keep(operations, snapshot);

    public async Task<IReadOnlyList<Guid>> SourcesAsync(IQuerySession session, CancellationToken ct) =>
        await session.Query<TSnapshot>().OrderBy(id).Select(id).ToListAsync(ct);

    /// <summary>
    /// The documents made from the snapshots are sent as JSON and compared in PostgreSQL with the stored ones, as <c>jsonb</c> (the
    /// order of keys aside): the stored documents (1.4 kB each for an item at national size) do not travel, nor are they read into
    /// objects and written out again to be compared.
    /// </summary>
    public async Task<IReadOnlyList<KeptComparison>> CompareAsync(IQuerySession session, IReadOnlyList<Guid> sources, CancellationToken ct)
    {
        var serializer = session.DocumentStore.Options.Serializer();
        var documents = (await session.LoadManyAsync<TSnapshot>(ct, sources)).SelectMany(made).ToList();
        return await PlainSql.ReadAsync(session, $"""
            with m as (select k, d::jsonb as d from unnest($1::text[], $2::text[]) as x(k, d)), s as ({stored})
            select coalesce(m.k, s.k), s.k is null, m.k is null, m.d = s.d from m full join s on s.k = m.k order by coalesce(m.k, s.k) collate "C"
            """, [documents.Select(x => x.Key).ToArray(), documents.Select(x => serializer.ToJson(x.Document)).ToArray(), session.TenantId, sources.ToArray()],
            r => new KeptComparison(r.GetString(0), r.GetBoolean(1), r.GetBoolean(2), !r.IsDBNull(3) && r.GetBoolean(3)), ct);
    }

    public async Task<int> KeepAgainAsync(IDocumentSession session, IReadOnlyList<Guid> sources, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var snapshots = await session.QueryAsync<TSnapshot>("where d.id = any(?) and d.tenant_id = ? for update", ct, sources.ToArray(), session.TenantId);
        return snapshots.Sum(s => keep(session, s));
    }
}

/// <summary>The members' obligation items a shared cost keeps (<see cref="MemberObligationItems"/>), as an <see cref="IKeptBeside"/>.</summary>
public static class KeptBeside
{
    public static KeptBeside<TSnapshot> Items<TSnapshot>(string figure, Expression<Func<TSnapshot, Guid>> id,
        Func<TSnapshot, IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)>> itemsOf) where TSnapshot : notnull
    {
        var idOf = id.Compile();
        return new KeptBeside<TSnapshot>(figure, id,
            s => MemberObligationItems.Of(idOf(s), itemsOf(s)).Select(x => (x.Id, (object)x)),
            $"select id as k, data as d from {MartenSetup.Schema}.mt_doc_memberobligationitem where tenant_id = $3 and source_id = any($4)",
            (operations, s) => MemberObligationItems.Replace(operations, idOf(s), itemsOf(s)));
    }
}
