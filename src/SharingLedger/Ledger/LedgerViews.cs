using System.Globalization;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Ledger;

public sealed record StatementLine(
    string PostingId, LocalDate Date, Instant RecordedAt, string Account, string Memo, string EventType, Guid StreamId,
    int? AgreementVersion, Money Debit, Money Credit, Money Balance, string? ItemId,
    LocalDate? FactDate = null, string? Period = null, string? AdjustsPeriod = null);

/// <summary>
/// A member's statement: its postings on its receivable and payable, oldest first, with a running balance
/// (positive: the member owes the consortium; negative: the consortium owes the member). The lines come a page at a
/// time (<see cref="Limit"/> lines from <see cref="Offset"/>, the most recent ones unless asked): <see cref="OpeningBalance"/> is the balance before the
/// page's first line, <see cref="Balance"/> and <see cref="OpenItems"/> are over all <see cref="TotalLines"/> lines.
/// One balance (issue 13): <see cref="ClosingBalance"/> is the member's receivable alone, what the balances call outstanding;
/// <see cref="Payable"/> what the consortium owes the member, shown beside it and never netted into it; <see cref="UnappliedCredit"/>
/// what the member paid or was credited beyond every open item. So ClosingBalance = Σ open items − UnappliedCredit, and
/// <see cref="Balance"/> = ClosingBalance − Payable (the lines' running balance runs over both accounts).
/// </summary>
public sealed record StatementView(
    Guid ConsortiumId, Guid MemberId, string MemberCode, LocalDate? AsOf, Instant? KnownAt, string Currency,
    IReadOnlyList<StatementLine> Lines, Money Balance, IReadOnlyList<OpenItem> OpenItems,
    Money OpeningBalance, long Offset, int Limit, long TotalLines,
    Money? ClosingBalance = null, Money? Payable = null, Money? UnappliedCredit = null);

/// <summary>The council's balances; <see cref="RollUp"/> groups them by hub in a multi-level consortium (null otherwise).</summary>
public sealed record BalancesView(Guid ConsortiumId, LocalDate AsOf, Instant? KnownAt, string Currency, IReadOnlyList<MemberBalance> Members, Money TotalOutstanding,
    BalancesRollUp? RollUp = null);

public static class LedgerViewEndpoints
{
    /// <summary>A member's account statement: each charge, payment, credit and write-off with the running balance, and the open items.</summary>
    /// <param name="limit">Lines a page holds (default 1,000, at most 10,000).</param>
    /// <param name="offset">Lines to skip from the first; without it, the most recent lines (the last page).</param>
    [ProducesResponseType(typeof(StatementView), 200)]
    [ProducesResponseType(StatusCodes.Status304NotModified)] // today's answer, asked for again with its ETag (StoredAnswerResult)
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/statement")]
    public static async Task<IResult> Statement(Guid consortiumId, Guid memberId, string? asOf, string? knownAt, int? limit, int? offset,
        IQuerySession session, HttpContext http, IClock clock, IOptions<JsonOptions> json, AnswerFlights flights, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset ?? 0, MaxPageSize, DefaultPageSize, out var paging) is { } refused) return refused;
        // Today's last page (nothing asked but the member) is stored as sent, and sent again while nothing it comes from has changed.
        var page = asOf is null && knownAt is null && limit is null && offset is null
            // Stale: the node's requests for the same page under the same stamps share one computation (AnswerFlights).
            ? await flights.ServeAsync(session, StatementKind, memberId, "", clock.GetCurrentInstant(),
                stored => new AnswerPage(new StoredAnswerResult(stored.Body!), stored.ListOffset, stored.ListTotal), read => PageAsync(read), ct)
            : await PageAsync(null);
        if (page.Offset is { } from) (paging with { Offset = (int)from }).WriteHeaders(http, page.Total!.Value);
        return page.Result;

        async Task<AnswerPage> PageAsync(StoredAnswers.Lookup? read)
        {
            var consortium = await session.LoadAsync<Consortium>(consortiumId, ct); // here, not in StatementAsync: its time zone bounds the stored answer
            var (view, problem) = await StatementAsync(consortiumId, memberId, asOf, knownAt, session, ct, offset, paging.Limit, clock, consortium);
            if (problem is not null) return new AnswerPage(problem, null, null);
            if (read is null) return new AnswerPage(Results.Ok(view), view!.Offset, view.TotalLines);
            var bytes = StoredAnswerResult.Compress(view, json.Value.SerializerOptions);
            await StoredAnswers.StoreAsync(session, read, StatementKind, memberId, new StoredAnswer(bytes, null, view!.Offset, view.TotalLines),
                consortium!.Calendar().Zone, view.AsOf!.Value, ct);
            return new AnswerPage(new StoredAnswerResult(bytes), view.Offset, view.TotalLines);
        }
    }

    /// <summary>The kind of stored answer a member's statement is (<see cref="StoredAnswers"/>).</summary>
    public const string StatementKind = "statement";

    /// <summary>A member's account statement as CSV.</summary>
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/statement.csv")]
    public static async Task<IResult> StatementCsv(Guid consortiumId, Guid memberId, string? asOf, string? knownAt, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var (view, problem) = await StatementAsync(consortiumId, memberId, asOf, knownAt, session, ct, 0, int.MaxValue, clock); // the export has every line
        if (problem is not null) return problem;
        var csv = new StringBuilder("date,recorded_at,account,memo,event_type,agreement_version,debit,credit,balance,currency,posting_id,item_id,fact_date,period,adjusts_period\n");
        foreach (var l in view!.Lines)
            csv.Append(string.Join(',', Csv(l.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)), Csv(InstantPattern.ExtendedIso.Format(l.RecordedAt)),
                Csv(l.Account), Csv(l.Memo), Csv(l.EventType), Csv(l.AgreementVersion?.ToString(CultureInfo.InvariantCulture) ?? ""),
                Csv(l.Debit.ToDecimalString()), Csv(l.Credit.ToDecimalString()), Csv(l.Balance.ToDecimalString()), Csv(view.Currency),
                Csv(l.PostingId), Csv(l.ItemId ?? ""), l.FactDate?.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) ?? "",
                l.Period ?? "", l.AdjustsPeriod ?? "")).Append('\n');
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"statement-{view.MemberCode}.csv");
    }

    /// <summary>Every member's balance: what is outstanding as of a date (and as the ledger knew it at an instant).</summary>
    [ProducesResponseType(typeof(BalancesView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/balances")]
    public static async Task<IResult> GetBalances(Guid consortiumId, string? asOf, string? knownAt, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var (view, problem) = await BalancesAsync(consortiumId, asOf, knownAt, session, clock, ct);
        return problem ?? Results.Ok(view);
    }

    /// <summary>The members' balances as CSV.</summary>
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/balances.csv")]
    public static async Task<IResult> GetBalancesCsv(Guid consortiumId, string? asOf, string? knownAt, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var (view, problem) = await BalancesAsync(consortiumId, asOf, knownAt, session, clock, ct);
        if (problem is not null) return problem;
        return Exports.BalancesExport.Csv(view!);
    }

    /// <summary>Lines a statement page holds unless asked (<c>limit</c>), and at most.</summary>
    public const int DefaultPageSize = 1000, MaxPageSize = 10_000;

    /// <summary>
    /// The statement's <paramref name="limit"/> lines from <paramref name="offset"/> (null: the most recent ones).
    /// Sums and open items come from <see cref="LedgerReads"/>, the opening balance from SQL (<see cref="PostingSql"/>); only the page's postings load.
    /// With <paramref name="clock"/> and no <paramref name="asOf"/>, the statement is as of the consortium's today, the date the balances
    /// default to, so that the two answer the same figure when neither is asked for a date (one balance, issue 13); without a clock,
    /// every posting counts, whatever its date. <paramref name="alreadyRead"/> is the consortium when the caller has read it already.
    /// </summary>
    public static async Task<(StatementView? View, IResult? Problem)> StatementAsync(Guid consortiumId, Guid memberId, string? asOf, string? knownAt,
        IQuerySession session, CancellationToken ct, long? offset = null, int limit = DefaultPageSize, IClock? clock = null, Consortium? alreadyRead = null)
    {
        if (QueryValues.DateParameter(asOf, "asOf", out var date) is { } baddate) return (null, baddate);
        if (QueryValues.InstantParameter(knownAt, "knownAt", out var instant) is { } badinstant) return (null, badinstant);
        var consortium = alreadyRead ?? await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return (null, Problems.NotFound("consortium", consortiumId));
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortiumId) return (null, Problems.NotFound("member", memberId));
        if (date is null && clock is not null) date = consortium.Calendar().Today(clock);

        var currency = consortium.BaseCurrency;
        var (count, net, open, totals) = await LedgerReads.StatementAsync(session, consortiumId, memberId, currency, date, instant, ct);
        if (offset is { } asked && asked > 0 && asked >= count) return (null, Problems.RuleViolated("offset", $"The statement has {count} line(s)."));
        var skip = offset ?? Math.Max(0, count - limit);

        var ids = await PostingSql.PageAsync(session, consortiumId, memberId, currency, date, instant, skip, limit, count, ct);
        var loaded = (await session.LoadManyAsync<Posting>(ct, ids)).ToDictionary(p => p.Id);
        var postings = ids.Select(id => loaded[id]).ToList();
        var opening = await PostingSql.NetBeforeAsync(session, consortiumId, memberId, currency, date, instant, skip, count, net, ct);
        var running = opening;
        var lines = new List<StatementLine>(postings.Count);
        foreach (var p in postings)
        {
            running += p.Net;
            lines.Add(new StatementLine(p.Id, p.BusinessDate, p.RecordedAt, p.Account, p.Memo, p.EventType, p.StreamId, p.AgreementVersion,
                new Money(p.Debit, currency), new Money(p.Credit, currency), new Money(running, currency), p.ItemId,
                p.FactDate, p.Period, p.AdjustsPeriod));
        }
        // An item is disputed while a dispute raised on it is open (as the account stands now).
        var disputed = (await session.LoadAsync<MemberAccount>(StreamIds.MemberAccount(consortiumId, memberId), ct))?.OpenDisputes.Values
            .Select(d => d.ItemId).ToHashSet(StringComparer.Ordinal) ?? [];
        open = open.Select(i => disputed.Contains(i.ItemId) ? i with { Disputed = true } : i).ToList();
        var receivable = totals.Assessed - totals.Paid - totals.Credits - totals.InKind;
        var unapplied = open.Sum(i => i.Open.Minor) - receivable; // what the open items did not absorb (0 while any is open)
        return (new StatementView(consortiumId, memberId, member.Code, date, instant, currency, lines, new Money(net, currency), open,
            new Money(opening, currency), skip, limit, count, new Money(receivable, currency), new Money(totals.Payable, currency),
            new Money(unapplied, currency)), null);
    }

    public static async Task<(BalancesView? View, IResult? Problem)> BalancesAsync(Guid consortiumId, string? asOf, string? knownAt,
        IQuerySession session, IClock clock, CancellationToken ct)
    {
        if (QueryValues.DateParameter(asOf, "asOf", out var date) is { } baddate) return (null, baddate);
        if (QueryValues.InstantParameter(knownAt, "knownAt", out var instant) is { } badinstant) return (null, badinstant);
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return (null, Problems.NotFound("consortium", consortiumId));
        var day = date ?? consortium.Calendar().Today(clock); // the consortium's today, as the statement's default
        var members = await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).ToListAsync(ct);
        var currency = consortium.BaseCurrency;
        var (totals, ageing) = await LedgerReads.BalancesAsync(session, consortiumId, currency, day, instant, ct);
        var none = Balances.Age([], currency, day);
        var rows = members.OrderBy(m => m.Code, StringComparer.Ordinal)
            .Select(m => Balances.Of(m.Id, m.Code, totals.GetValueOrDefault(m.Id) ?? new MemberTotals(m.Id, 0, 0, 0, 0, 0), ageing.GetValueOrDefault(m.Id) ?? none, currency))
            .ToList();
        return (new BalancesView(consortiumId, day, instant, currency, rows, Money.Sum(rows.Select(r => r.Outstanding), currency),
            BalancesRollUp.For(consortium, members, rows, day)), null);
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
