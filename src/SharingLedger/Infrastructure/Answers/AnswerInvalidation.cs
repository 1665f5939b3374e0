using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// Keeps the stored answers honest, inline: in the transaction that appends events, each member whose answers they change
/// (or the consortium as a whole, member <see cref="Guid.Empty"/>, for any event no <see cref="IAnswerScope"/> narrows) gets a new
/// stamp from one sequence. A stored answer is served only while the stamps it was computed under are still the latest
/// (<see cref="StoredAnswers"/>), so no answer outlives a change to what it was computed from, even one computed while the
/// change was being committed.
/// </summary>
public sealed class AnswerInvalidation(IEnumerable<IAnswerScope> scopes) : IProjection
{
    private static string BumpSql(string tenant, string members) =>
        $"insert into {StoredAnswerFeature.Stamps} (tenant_id, member_id, stamp) " +
        $"select {tenant}, m, nextval('{StoredAnswerFeature.Sequence}') from unnest({members}::uuid[]) m order by m " +
        "on conflict (tenant_id, member_id) do update set stamp = excluded.stamp";

    private static readonly string Bump = BumpSql("?", "?");

    private readonly IAnswerScope[] _scopes = [.. scopes];

    /// <summary>For writes that run no projection (a bulk import, a repair): every answer of the session's consortium is out of date once it commits.</summary>
    public static async Task ConsortiumChangedAsync(IDocumentOperations operations, CancellationToken ct)
    {
        await operations.Database.EnsureStorageExistsAsync(typeof(StoredAnswerFeature), ct);
        operations.QueueSqlCommand(Bump, operations.TenantId, new[] { Guid.Empty });
    }

    /// <summary>As <see cref="ConsortiumChangedAsync(IDocumentOperations, CancellationToken)"/>, in a transaction of the caller's own on <paramref name="connection"/>.</summary>
    public static async Task ConsortiumChangedAsync(global::Marten.Storage.IMartenDatabase database, Npgsql.NpgsqlConnection connection, string tenantId, CancellationToken ct)
    {
        await database.EnsureStorageExistsAsync(typeof(StoredAnswerFeature), ct);
        await using var command = new Npgsql.NpgsqlCommand(BumpSql("$1", "$2"), connection);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = new[] { Guid.Empty } });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// As <see cref="ConsortiumChangedAsync(global::Marten.Storage.IMartenDatabase, Npgsql.NpgsqlConnection, string, CancellationToken)"/> for
    /// each of <paramref name="tenantIds"/>, in a transaction of its own on <paramref name="connection"/>: for a repair that has just
    /// committed rows written under table locks. A write takes its answers' stamps before it writes its documents, so stamping while
    /// holding a table a write waits for can deadlock with it; stamped after the commit, an answer made from the old rows may still be
    /// sent until this one commits.
    /// </summary>
    public static async Task ConsortiaChangedAfterCommitAsync(global::Marten.Storage.IMartenDatabase database, Npgsql.NpgsqlConnection connection,
        IEnumerable<string> tenantIds, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var tenantId in tenantIds) await ConsortiumChangedAsync(database, connection, tenantId, ct);
        await transaction.CommitAsync(ct);
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count == 0) return;
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var members = new SortedSet<Guid>();
            var claimed = new Dictionary<IAnswerScope, List<IEvent>>();
            foreach (var e in tenant)
            {
                var scope = Array.Find(_scopes, s => s.Claims(e));
                if (scope is null) members.Add(Guid.Empty); // the whole consortium
                else if (claimed.TryGetValue(scope, out var list)) list.Add(e);
                else claimed[scope] = [e];
            }
            if (!members.Contains(Guid.Empty))
                foreach (var (scope, list) in claimed) members.UnionWith(await scope.MembersAsync(operations, list, cancellation));
            if (members.Count == 0) continue;
            await operations.Database.EnsureStorageExistsAsync(typeof(StoredAnswerFeature), cancellation);
            // In one order (the consortium's row first), so two writers bumping the same members never wait on each other in a circle.
            operations.QueueSqlCommand(Bump, tenant.Key, members.ToArray());
        }
    }
}
