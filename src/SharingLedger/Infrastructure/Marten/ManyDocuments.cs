using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Marten;
using Marten.Schema;
using JasperFx;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// Many documents of one type written by one statement in the session's batch, with the columns Marten's own upsert writes
/// (the id, the JSON, the tenant, the .NET type, a new version, the time, and each duplicated field, from Marten's mapping of
/// the type). A shared cost at national size keeps 2,000 members' items and rows, and an invoice 2,003 postings: Marten stores
/// each with a statement of its own, and the postings' running totals are counted by a statement-level trigger, once per
/// statement (docs/decisions.md, "Many documents in one statement").
/// </summary>
/// <remarks>
/// Marten creates a document's table (outside production) only for the types its own operations in the batch name: a caller
/// either queues one of those for the type first (a <c>DeleteWhere</c>) or awaits
/// <c>Database.EnsureStorageExistsAsync</c>. Documents with a numbered version or soft deletes are not written this way.
/// </remarks>
public static class ManyDocuments
{
    /// <summary>Inserts <paramref name="documents"/> (none may be stored yet): after a delete of what they replace.</summary>
    public static void Insert<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents) where T : notnull =>
        Queue(operations, documents, upsert: false);

    /// <summary>Inserts <paramref name="documents"/>, each one already stored overwritten whole, as Marten's <c>Store</c> does.</summary>
    public static void Upsert<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents) where T : notnull =>
        Queue(operations, documents, upsert: true);

    private static void Queue<T>(IDocumentOperations operations, IReadOnlyCollection<T> documents, bool upsert) where T : notnull
    {
        if (documents.Count == 0) return;
        var options = operations.DocumentStore.Options;
        var shape = Shapes.GetValue(options, _ => new()).GetOrAdd((typeof(T), upsert), key => Shape.Of(options, key.Type, key.Upsert));
        var serializer = options.Serializer();
        var columns = new string?[shape.Values.Count + 2][];
        for (var c = 0; c < columns.Length; c++) columns[c] = new string?[documents.Count];
        var row = 0;
        foreach (var document in documents)
        {
            columns[0][row] = Text(shape.Id(document));
            columns[1][row] = serializer.ToJson(document);
            for (var c = 0; c < shape.Values.Count; c++) columns[c + 2][row] = Text(shape.Values[c](document));
            row++;
        }
        operations.QueueSqlCommand(shape.Sql, [operations.TenantId, typeof(T).FullName!, .. columns]);
    }

    private static readonly ConditionalWeakTable<IReadOnlyStoreOptions, ConcurrentDictionary<(Type Type, bool Upsert), Shape>> Shapes = new();

    /// <summary>A value as PostgreSQL reads it back into its column's type; a type not listed here is refused when the statement is made.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        Guid g => g.ToString(),
        int or long or short or decimal => Convert.ToString(value, CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new NotSupportedException($"{value.GetType().Name} is not written by {nameof(ManyDocuments)}"),
    };

    private static readonly HashSet<Type> Written = [typeof(string), typeof(Guid), typeof(int), typeof(long), typeof(short), typeof(decimal), typeof(bool)];

    /// <summary>The statement for one document type, and how each of its parameters is read from a document.</summary>
    private sealed record Shape(string Sql, Func<object, object?> Id, IReadOnlyList<Func<object, object?>> Values)
    {
        public static Shape Of(IReadOnlyStoreOptions options, Type type, bool upsert)
        {
            var mapping = (DocumentMapping)options.FindOrResolveDocumentType(type);
            if (mapping.UseNumericRevisions || mapping.UseOptimisticConcurrency || mapping.DeleteStyle != DeleteStyle.Remove)
                throw new NotSupportedException($"{type.Name} has versions or soft deletes, which {nameof(ManyDocuments)} does not write");
            var duplicated = mapping.DuplicatedFields.ToList();
            foreach (var field in duplicated)
            {
                var member = Nullable.GetUnderlyingType(field.MemberType) ?? field.MemberType;
                if (!Written.Contains(member)) throw new NotSupportedException($"{type.Name}.{field.MemberName} ({member.Name}) is not written by {nameof(ManyDocuments)}");
            }
            var idType = mapping.IdMember is PropertyInfo p ? p.PropertyType : ((FieldInfo)mapping.IdMember).FieldType;
            var names = duplicated.Select(f => $"\"{f.ColumnName}\"").ToList();
            var sql =
                $"insert into {mapping.TableName.QualifiedName} as d (tenant_id, id, data, mt_version, mt_dotnet_type, mt_last_modified{string.Concat(names.Select(n => ", " + n))}) " +
                $"select ?, x.id::{(idType == typeof(Guid) ? "uuid" : "varchar")}, x.data::jsonb, gen_random_uuid(), ?, transaction_timestamp()" +
                string.Concat(duplicated.Select((f, i) => $", x.c{i}::{f.PgType}")) +
                $" from unnest(?::text[], ?::text[]{string.Concat(duplicated.Select(_ => ", ?::text[]"))}) as x(id, data{string.Concat(duplicated.Select((_, i) => $", c{i}"))})" +
                (upsert
                    ? " on conflict (tenant_id, id) do update set data = excluded.data, mt_version = excluded.mt_version, mt_dotnet_type = excluded.mt_dotnet_type, " +
                      "mt_last_modified = excluded.mt_last_modified" + string.Concat(names.Select(n => $", {n} = excluded.{n}"))
                    : "");
            return new Shape(sql, Read([mapping.IdMember]), [.. duplicated.Select(f => Read(f.Members))]);
        }

        private static Func<object, object?> Read(IReadOnlyList<MemberInfo> path) => document =>
        {
            object? value = document;
            foreach (var member in path)
                value = value is null ? null : member is PropertyInfo p ? p.GetValue(value) : ((FieldInfo)member).GetValue(value);
            return value;
        };
    }
}
