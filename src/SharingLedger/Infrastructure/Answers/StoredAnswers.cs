using Marten;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A member's answer (its obligations, its statement) stored as the JSON that was sent, and sent again as it is while nothing it
/// was computed from has changed: the consortium's and the member's stamps are those it was computed under
/// (<see cref="AnswerInvalidation"/>), the same build computed it, and it is still the day it was computed for. One query reads
/// the answer with the current stamps; when it no longer holds, the endpoint computes it again and stores it under the stamps
/// that query read, so an answer computed while a change commits is stored already out of date and never served.
/// </summary>
public static class StoredAnswers
{
    /// <summary>How a stored answer is sent: the JSON it was serialised to, as the endpoint's own answer is.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>What this build is: an answer stored by another build (another shape, other rules) is not served.</summary>
    private static readonly string Build = typeof(StoredAnswers).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private static readonly string ReadSql = $"""
        select case when a.consortium_stamp = coalesce(c.stamp, 0) and a.member_stamp = coalesce(m.stamp, 0) and a.build = $4
                     and a.valid_from <= $5 and $5 < a.valid_until then a.body end,
               a.fiscal_year, a.list_offset, a.list_total, coalesce(c.stamp, 0), coalesce(m.stamp, 0)
        from (select 1) one
        left join {StoredAnswerFeature.Answers} a on a.tenant_id = $1 and a.member_id = $2 and a.kind = $3
        left join {StoredAnswerFeature.Stamps} c on c.tenant_id = $1 and c.member_id = '00000000-0000-0000-0000-000000000000'
        left join {StoredAnswerFeature.Stamps} m on m.tenant_id = $1 and m.member_id = $2
        """;

    private static readonly string StoreSql = $"""
        insert into {StoredAnswerFeature.Answers} (tenant_id, member_id, kind, consortium_stamp, member_stamp, build, valid_from, valid_until,
                                                   fiscal_year, list_offset, list_total, body)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        on conflict (tenant_id, member_id, kind) do update set consortium_stamp = excluded.consortium_stamp, member_stamp = excluded.member_stamp,
          build = excluded.build, valid_from = excluded.valid_from, valid_until = excluded.valid_until, fiscal_year = excluded.fiscal_year,
          list_offset = excluded.list_offset, list_total = excluded.list_total, body = excluded.body
        """;

    /// <summary>The member's stored answer of <paramref name="kind"/> if it still holds at <paramref name="now"/> (<see cref="Lookup.Body"/> null otherwise), and the current stamps.</summary>
    public static async Task<Lookup> ReadAsync(IQuerySession session, string kind, Guid memberId, Instant now, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(StoredAnswerFeature), ct);
        var command = new NpgsqlCommand(ReadSql)
        {
            Parameters =
            {
                new() { Value = session.TenantId, NpgsqlDbType = NpgsqlDbType.Varchar }, new() { Value = memberId }, new() { Value = kind, NpgsqlDbType = NpgsqlDbType.Varchar },
                new() { Value = Build, NpgsqlDbType = NpgsqlDbType.Varchar }, new() { Value = now.ToDateTimeUtc() },
            },
        };
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        await reader.ReadAsync(ct);
        return new Lookup(reader.IsDBNull(0) ? null : (byte[])reader[0], reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    /// <summary>Stores <paramref name="answer"/> under the stamps <paramref name="read"/> found before it was computed, to hold for <paramref name="day"/>.</summary>
    public static async Task StoreAsync(IQuerySession session, Lookup read, string kind, Guid memberId, StoredAnswer answer, DateTimeZone zone, LocalDate day,
        CancellationToken ct)
    {
        var command = new NpgsqlCommand(StoreSql)
        {
            Parameters =
            {
                new() { Value = session.TenantId, NpgsqlDbType = NpgsqlDbType.Varchar }, new() { Value = memberId }, new() { Value = kind, NpgsqlDbType = NpgsqlDbType.Varchar },
                new() { Value = read.ConsortiumStamp }, new() { Value = read.MemberStamp }, new() { Value = Build, NpgsqlDbType = NpgsqlDbType.Varchar },
                new() { Value = zone.AtStartOfDay(day).ToInstant().ToDateTimeUtc() }, new() { Value = zone.AtStartOfDay(day.PlusDays(1)).ToInstant().ToDateTimeUtc() },
                new() { Value = (object?)answer.FiscalYear ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
                new() { Value = (object?)answer.ListOffset ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = (object?)answer.ListTotal ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint },
                new() { Value = answer.Body, NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
        await session.ExecuteAsync(command, ct);
    }

    /// <summary>The consortium's stamp (that of the session's tenant): it changes with every fact of the consortium no scope narrows to members.</summary>
    public static async Task<long> ConsortiumStampAsync(IQuerySession session, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(StoredAnswerFeature), ct);
        var command = new NpgsqlCommand($"select coalesce((select stamp from {StoredAnswerFeature.Stamps} where tenant_id = $1 and member_id = $2), 0)")
        {
            Parameters = { new() { Value = session.TenantId, NpgsqlDbType = NpgsqlDbType.Varchar }, new() { Value = Guid.Empty } },
        };
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    /// <summary>A stored answer read back: its JSON when it still holds, what it was for, and the stamps current when it was read.</summary>
    public sealed record Lookup(byte[]? Body, int? FiscalYear, long? ListOffset, long? ListTotal, long ConsortiumStamp, long MemberStamp);
}

/// <summary>An answer to store: its JSON as sent, the fiscal year it is for, and for a page of a list its offset and the list's length.</summary>
public sealed record StoredAnswer(byte[] Body, int? FiscalYear = null, long? ListOffset = null, long? ListTotal = null);

/// <summary>A page of a list answered (stored or worked out) and, when it is a page, where it starts and how long the list is (for the paging headers).</summary>
public sealed record AnswerPage(IResult Result, long? Offset, long? Total);
