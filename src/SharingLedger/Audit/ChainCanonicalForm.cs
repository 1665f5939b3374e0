using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace SharingLedger.Audit;

/// <summary>An event exactly as PostgreSQL holds it, with the columns the chain hashes; its data as PostgreSQL prints it, in UTF-8.</summary>
public sealed record StoredEvent(
    long Sequence, Guid EventId, Guid StreamId, long Version, string EventType, string Timestamp, byte[] Data,
    string? UserName, string? CorrelationId, string? CausationId, string TenantId);

/// <summary>An event's canonical form (UTF-8) with the previous link's hash still to be put in at <c>hashAt</c>.</summary>
public sealed class PreparedEvent(byte[] bytes, int hashAt)
{
    /// <summary>The form with <paramref name="previousHash"/> (64 lowercase hex digits) in its place.</summary>
    public string Text(string previousHash)
    {
        Place(previousHash);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The SHA-256 of the form with <paramref name="previousHash"/> in its place.</summary>
    public byte[] HashWith(string previousHash)
    {
        Place(previousHash);
        return SHA256.HashData(bytes);
    }

    /// <summary>The SHA-256 of the form with the previous link's hash (its 32 bytes, written as lowercase hex) in its place.</summary>
    public byte[] HashWith(ReadOnlySpan<byte> previousHash)
    {
        if (previousHash.Length != ChainCanonicalForm.Genesis.Length / 2)
            throw new ArgumentException("A previous hash is 32 bytes.", nameof(previousHash));
        var place = bytes.AsSpan(hashAt, ChainCanonicalForm.Genesis.Length);
        for (var i = 0; i < previousHash.Length; i++)
        {
            place[2 * i] = (byte)HexDigits[previousHash[i] >> 4];
            place[2 * i + 1] = (byte)HexDigits[previousHash[i] & 0xF];
        }
        return SHA256.HashData(bytes);
    }

    private const string HexDigits = "0123456789abcdef";

    private void Place(string previousHash)
    {
        if (previousHash.Length != ChainCanonicalForm.Genesis.Length || !previousHash.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("A previous hash is 64 lowercase hex digits.", nameof(previousHash));
        Encoding.ASCII.GetBytes(previousHash, bytes.AsSpan(hashAt, previousHash.Length));
    }
}

/// <summary>
/// The canonical form of a stored event and its SHA-256 link hash (docs/decisions.md, "Audit trail and periods").
/// <para>
/// The canonical form is one JSON object, keys sorted by ordinal (UTF-16 code unit) order, no white space:
/// <c>{"causationId","correlationId","data","eventId","eventType","previousHash","sequence","streamId","tenantId","timestamp","userName","version"}</c>.
/// <c>data</c> is the stored <c>mt_events.data</c> text re-read from PostgreSQL (never the objects re-serialised),
/// parsed and written again with its object keys sorted the same way at every depth, numbers exactly as PostgreSQL
/// prints them, strings escaped by System.Text.Json's default encoder. Ids are lowercase hyphenated, the timestamp is
/// UTC to the microsecond (<c>2026-11-27T12:00:00.000000Z</c>), the tenant is the consortium's tenant id, absent metadata is JSON null, and the first link's
/// previous hash is 64 zeros. The hash is the lowercase hex SHA-256 of the form's UTF-8 bytes.
/// </para>
/// </summary>
public static class ChainCanonicalForm
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Marten's tombstones: rows it writes after a failed append, in its own stream, to fill the sequence numbers the failed
    /// transaction had reserved (timestamp <c>-infinity</c>, empty data). They record no fact, and Marten writes them
    /// asynchronously, after the failure, so one may land below links the chain has already made: the chain skips them
    /// (docs/decisions.md, "Tombstones and the chain"). A real event rewritten into a tombstone still breaks the chain,
    /// because its link then has no event. (Marten's tombstone stream id is drawn anew by each process, so the type names them.)
    /// </summary>
    public const string NotTombstone = "type <> 'tombstone'";

    /// <summary>
    /// The columns of <see cref="StoredEvent"/>; {0} is the schema, {1} the where clause. A timestamp that is not finite
    /// (<c>-infinity</c>, <c>infinity</c>) is hashed as that word, so no stored row can stop the chain.
    /// </summary>
    /// <remarks>
    /// The timestamp is formatted here (<see cref="FormatTimestamp"/>) when it is an ordinary date, which is every event Marten
    /// writes; PostgreSQL formats the others (the last column) as it always did: <c>to_char</c> for every row was a third of the read.
    /// </remarks>
    private const string SelectSql =
        "select seq_id, id, stream_id, version, type, timestamp, coalesce(data::text, 'null'), user_name, correlation_id, causation_id, tenant_id, " +
        "case when timestamp >= '0001-01-02 00:00:00+00' and timestamp < '9999-12-31 00:00:00+00' then null " +
        "when isfinite(timestamp) then to_char(timestamp at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') " +
        "when timestamp is null then 'null' else timestamp::text end " +
        "from {0}.mt_events where ({1}) and " + NotTombstone + " order by seq_id";

    /// <summary>A timestamp as PostgreSQL's <c>to_char(… at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')</c> writes it.</summary>
    internal static string FormatTimestamp(DateTime utc) =>
        utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(StoredEvent e, string previousHash) => Convert.ToHexStringLower(HashBytes(e, previousHash));

    /// <summary>The SHA-256 of the canonical form's UTF-8 bytes (the link's hash as the chain's table stores it).</summary>
    public static byte[] HashBytes(StoredEvent e, string previousHash) => Prepare(e).HashWith(previousHash);

    public static string Canonical(StoredEvent e, string previousHash) => Prepare(e).Text(previousHash);

    /// <summary>
    /// The event's canonical form with a place for the previous hash: the costly part (parsing the stored data and writing
    /// it sorted) does not depend on the chain, so many events can be prepared at once; only <see cref="PreparedEvent.HashWith(string)"/>
    /// follows the chain's order.
    /// </summary>
    public static PreparedEvent Prepare(StoredEvent e)
    {
        var (buffer, w) = Writer.Value!;
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        w.WriteStartObject();
        WriteNullable(w, Names.CausationId, e.CausationId);
        WriteNullable(w, Names.CorrelationId, e.CorrelationId);
        w.WritePropertyName(Names.Data);
        using (var data = JsonDocument.Parse(e.Data)) WriteSorted(w, data.RootElement);
        w.WriteString(Names.EventId, e.EventId); // lowercase hyphenated, as Guid.ToString("D")
        w.WriteString(Names.EventType, e.EventType);
        w.WritePropertyName(Names.PreviousHash);
        w.Flush();
        var hashAt = buffer.WrittenCount + 1; // after the value's opening quote
        w.WriteStringValue(Genesis);
        w.WriteNumber(Names.Sequence, e.Sequence);
        w.WriteString(Names.StreamId, e.StreamId);
        w.WriteString(Names.TenantId, e.TenantId);
        w.WriteString(Names.Timestamp, e.Timestamp);
        WriteNullable(w, Names.UserName, e.UserName);
        w.WriteNumber(Names.Version, e.Version);
        w.WriteEndObject();
        w.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (bytes[hashAt - 1] != (byte)'"' || bytes[hashAt + Genesis.Length] != (byte)'"')
            throw new InvalidOperationException("The canonical form's place for the previous hash was not where it was written.");
        return new PreparedEvent(bytes, hashAt);
    }

    /// <summary>Each thread's buffer and writer, reused from one event to the next (the form is copied out of it).</summary>
    private static readonly ThreadLocal<(ArrayBufferWriter<byte>, Utf8JsonWriter)> Writer = new(() =>
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer));
    });

    /// <summary>The canonical form's own keys, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText CausationId = JsonEncodedText.Encode("causationId");
        public static readonly JsonEncodedText CorrelationId = JsonEncodedText.Encode("correlationId");
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
        public static readonly JsonEncodedText EventType = JsonEncodedText.Encode("eventType");
        public static readonly JsonEncodedText PreviousHash = JsonEncodedText.Encode("previousHash");
        public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
        public static readonly JsonEncodedText StreamId = JsonEncodedText.Encode("streamId");
        public static readonly JsonEncodedText TenantId = JsonEncodedText.Encode("tenantId");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        public static readonly JsonEncodedText UserName = JsonEncodedText.Encode("userName");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    }

    private static void WriteNullable(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>
    /// The element with object keys sorted by ordinal order at every depth. Keys and strings are written from their stored UTF-8
    /// bytes when those hold no escape (<c>\</c>): the same characters, so the writer escapes them exactly as it would the
    /// decoded string; and ASCII keys sort the same by bytes as by UTF-16 code units. Anything else takes the decoded string.
    /// </summary>
    private static void WriteSorted(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                WriteSortedObject(w, e);
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray()) WriteSorted(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(e); // with its quotes
                var text = raw[1..^1];
                if (text.IndexOf((byte)'\\') < 0) w.WriteStringValue(text);
                else w.WriteStringValue(e.GetString());
                break;
            case JsonValueKind.Number:
                w.WriteRawValue(JsonMarshal.GetRawUtf8Value(e), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                w.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                w.WriteBooleanValue(false);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    private static void WriteSortedObject(Utf8JsonWriter w, JsonElement e)
    {
        var count = e.GetPropertyCount();
        var properties = ArrayPool<JsonProperty>.Shared.Rent(Math.Max(count, 1));
        try
        {
            var n = 0;
            var plain = true;
            foreach (var p in e.EnumerateObject())
            {
                properties[n++] = p;
                plain &= IsPlainAscii(JsonMarshal.GetRawUtf8PropertyName(p));
            }
            var span = properties.AsSpan(0, n);
            // Stable, as the order of equal keys was before (a jsonb object has none, but the form does not depend on it).
            if (plain) SortStable(span, static (a, b) => JsonMarshal.GetRawUtf8PropertyName(a).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(b)));
            else SortStable(span, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            w.WriteStartObject();
            foreach (var p in span)
            {
                if (plain) w.WritePropertyName(JsonMarshal.GetRawUtf8PropertyName(p));
                else w.WritePropertyName(p.Name);
                WriteSorted(w, p.Value);
            }
            w.WriteEndObject();
        }
        finally
        {
            ArrayPool<JsonProperty>.Shared.Return(properties, clearArray: true);
        }
    }

    private static bool IsPlainAscii(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
            if (b >= 0x80 || b == (byte)'\\') return false;
        return true;
    }

    /// <summary>An insertion sort: objects have few keys, and it keeps equal keys in their order.</summary>
    private static void SortStable(Span<JsonProperty> items, Comparison<JsonProperty> compare)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && compare(items[j], item) > 0)
            {
                items[j + 1] = items[j];
                j--;
            }
            items[j + 1] = item;
        }
    }

    /// <summary>The stored events with the given sequences, in sequence order.</summary>
    public static async Task<List<StoredEvent>> ReadAsync(NpgsqlDataSource dataSource, string schema, IReadOnlyCollection<long> sequences, CancellationToken ct)
    {
        // The range lets PostgreSQL walk the primary key once instead of looking up every sequence.
        await using var command = dataSource.CreateCommand(string.Format(SelectSql, schema, "seq_id >= $2 and seq_id <= $3 and seq_id = any($1)"));
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.Min() });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.Max() });
        var list = new List<StoredEvent>(sequences.Count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(Read(reader));
        return list;
    }

    /// <summary>
    /// Every stored event of the tenant (a consortium) with a sequence from <paramref name="from"/> through <paramref name="through"/>,
    /// streamed in sequence order.
    /// </summary>
    public static async IAsyncEnumerable<StoredEvent> ReadRangeAsync(NpgsqlDataSource dataSource, string schema, string tenantId, long from, long through,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectSql, schema, "tenant_id = $3 and seq_id >= $1 and seq_id <= $2"));
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    /// <summary>Every stored event of the database (every tenant) after <paramref name="after"/> through <paramref name="through"/>, streamed in sequence order.</summary>
    public static async IAsyncEnumerable<StoredEvent> ReadAllAsync(NpgsqlDataSource dataSource, string schema, long after, long through,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(string.Format(SelectSql, schema, "seq_id > $1 and seq_id <= $2"));
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(new NpgsqlParameter { Value = through });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    private static StoredEvent Read(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetGuid(1), r.GetGuid(2), r.GetInt64(3), r.GetString(4),
        r.IsDBNull(11) ? FormatTimestamp(r.GetFieldValue<DateTime>(5)) : r.GetString(11), r.GetFieldValue<byte[]>(6),
        r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
        r.GetString(10));
}
