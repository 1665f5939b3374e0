using System.Globalization;
using System.Text;
using Marten;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger.Exports;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Ledger;

/// <summary>One posting as the ledger of postings lists it; debit and credit in the posting's currency.</summary>
public sealed record PostingLine(
    string PostingId, LocalDate Date, Instant RecordedAt, string Account, Guid? MemberId, string? MemberCode, string? Party,
    Money Debit, Money Credit, string EventType, Guid EventId, Guid StreamId, Guid? AgreementId, int? AgreementVersion, string Memo, string? ItemId,
    LocalDate FactDate, string Period, string? AdjustsPeriod);

/// <summary>
/// The consortium's ledger of postings, oldest first (business date, then recording order), filtered by account, member and
/// a period of business dates (inclusive). JSON is paged (<c>limit</c>, <c>offset</c>, <c>X-Total-Count</c>); CSV and XLSX
/// carry every posting the filters select.
/// </summary>
[Allow(Roles.Finance, Roles.Auditor, Roles.Admin)] // staff read the consortium's books, in every format
public static class PostingsLedgerEndpoints
{
    private const string Route = "/consortia/{consortiumId}/postings";

    /// <summary>The double-entry postings, filtered by account, member and dates, a page at a time.</summary>
    [ProducesResponseType(typeof(List<PostingLine>), 200)]
    [WolverineGet(Route)]
    public static async Task<IResult> Get(Guid consortiumId, string? account, Guid? memberId, string? from, string? to, int? limit, int? offset,
        HttpContext http, IQuerySession session, IConfiguration configuration, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        var (query, codes, problem) = await QueryAsync(consortiumId, account, memberId, from, to, session, ct);
        return problem ?? await paging.PageAsync(http, InOrder(query!), p => Line(p, codes!), ct);
    }

    /// <summary>The double-entry postings as CSV.</summary>
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [WolverineGet(Route + ".csv")]
    public static async Task<IResult> GetCsv(Guid consortiumId, string? account, Guid? memberId, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var (lines, problem) = await LinesAsync(consortiumId, account, memberId, from, to, session, ct);
        if (problem is not null) return problem;
        var csv = new StringBuilder(string.Join(',', Header) + "\n");
        foreach (var l in lines!)
            csv.Append(string.Join(',', Csv.Field(l.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)), Csv.Field(InstantPattern.ExtendedIso.Format(l.RecordedAt)),
                Csv.Field(l.Account), l.MemberId?.ToString("D") ?? "", Csv.Field(l.MemberCode ?? ""), Csv.Field(l.Party ?? ""),
                l.Debit.ToDecimalString(), l.Credit.ToDecimalString(), l.Debit.Currency, Csv.Field(l.EventType),
                l.AgreementVersion?.ToString(CultureInfo.InvariantCulture) ?? "", Csv.Field(l.Memo), Csv.Field(l.PostingId), Csv.Field(l.ItemId ?? ""),
                l.FactDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), l.Period, l.AdjustsPeriod ?? "")).Append('\n');
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "postings.csv");
    }

    /// <summary>The double-entry postings as a spreadsheet (XLSX).</summary>
    [ProducesResponseType(typeof(byte[]), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [WolverineGet(Route + ".xlsx")]
    public static async Task<IResult> GetXlsx(Guid consortiumId, string? account, Guid? memberId, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var (lines, problem) = await LinesAsync(consortiumId, account, memberId, from, to, session, ct);
        if (problem is not null) return problem;
        var rows = lines!.Select(l => (IReadOnlyList<XlsxCell>)
        [
            XlsxCell.Date(l.Date), XlsxCell.Text(InstantPattern.ExtendedIso.Format(l.RecordedAt)), XlsxCell.Text(l.Account),
            XlsxCell.Text(l.MemberId?.ToString("D")), XlsxCell.Text(l.MemberCode), XlsxCell.Text(l.Party),
            XlsxCell.Amount(l.Debit), XlsxCell.Amount(l.Credit), XlsxCell.Text(l.Debit.Currency), XlsxCell.Text(l.EventType),
            XlsxCell.Whole(l.AgreementVersion), XlsxCell.Text(l.Memo), XlsxCell.Text(l.PostingId), XlsxCell.Text(l.ItemId),
            XlsxCell.Date(l.FactDate), XlsxCell.Text(l.Period), XlsxCell.Text(l.AdjustsPeriod),
        ]);
        return Results.File(Xlsx.Write(new XlsxSheet("Postings", Header, rows)), Xlsx.ContentType, "postings.xlsx");
    }

    public static readonly IReadOnlyList<string> Header =
        ["date", "recorded_at", "account", "member_id", "member_code", "party", "debit", "credit", "currency", "event_type", "agreement_version", "memo", "posting_id", "item_id", "fact_date", "period", "adjusts_period"];

    public static async Task<(IReadOnlyList<PostingLine>? Lines, IResult? Problem)> LinesAsync(Guid consortiumId, string? account, Guid? memberId,
        string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var (query, codes, problem) = await QueryAsync(consortiumId, account, memberId, from, to, session, ct);
        if (problem is not null) return (null, problem);
        return ((await InOrder(query!).ToListAsync(ct)).Select(p => Line(p, codes!)).ToList(), null);
    }

    /// <summary>The ledger's order (<see cref="Balances.InOrder"/>), in SQL over the indexed columns.</summary>
    private static IQueryable<Posting> InOrder(IQueryable<Posting> query) =>
        query.OrderBy(p => p.BusinessDay).ThenBy(p => p.RecordedTicks).ThenBy(p => p.EventId).ThenBy(p => p.Line);

    private static PostingLine Line(Posting p, IReadOnlyDictionary<Guid, string> codes) =>
        new(p.Id, p.BusinessDate, p.RecordedAt, p.Account, p.MemberId, p.MemberId is { } m && codes.TryGetValue(m, out var code) ? code : null, p.Party,
            new Money(p.Debit, p.Currency), new Money(p.Credit, p.Currency), p.EventType, p.EventId, p.StreamId, p.AgreementId, p.AgreementVersion,
            p.Memo, p.ItemId, p.FactDate, p.Period, p.AdjustsPeriod);

    private static async Task<(IQueryable<Posting>? Query, IReadOnlyDictionary<Guid, string>? Codes, IResult? Problem)> QueryAsync(Guid consortiumId,
        string? account, Guid? memberId, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        if (QueryValues.DateParameter(from, "from", out var start) is { } badstart) return (null, null, badstart);
        if (QueryValues.DateParameter(to, "to", out var end) is { } badend) return (null, null, badend);
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return (null, null, Problems.NotFound("consortium", consortiumId));
        var v = new Validation();
        v.Require(account is null || Accounts.All.Contains(account), "account", $"One of: {string.Join(", ", Accounts.All)}.");
        v.Require(start is null || end is null || start <= end, "to", "The period ends before it starts.");
        if (!v.IsValid) return (null, null, v.Problem());
        if (memberId is { } id)
        {
            var member = await session.LoadAsync<Member>(id, ct);
            if (member is null || member.ConsortiumId != consortiumId) return (null, null, Problems.NotFound("member", id));
        }

        var query = session.Query<Posting>().Where(p => p.ConsortiumId == consortiumId);
        if (account is not null) query = query.Where(p => p.Account == account);
        if (memberId is not null) query = query.Where(p => p.MemberId == memberId);
        if (start is { } first) { var day = Posting.DayOf(first); query = query.Where(p => p.BusinessDay >= day); }
        if (end is { } last) { var day = Posting.DayOf(last); query = query.Where(p => p.BusinessDay <= day); }
        var codes = (await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).Select(m => new { m.Id, m.Code }).ToListAsync(ct))
            .ToDictionary(m => m.Id, m => m.Code);
        return (query, codes, null);
    }
}
