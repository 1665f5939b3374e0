using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Obligations;

public static class GetMemberObligationsEndpoint
{
    /// <summary>
    /// A member's obligations for a fiscal year (default: the one of <c>asOf</c>, else the current one in the consortium's
    /// time zone); with <c>asOf</c> (a business date), the facts dated up to it; with <c>knownAt</c> (an instant), as the
    /// ledger knew them then: "what did we tell member X on 31 March about its position on 31 December?".
    /// </summary>
    [ProducesResponseType(typeof(MemberObligations), 200)]
    [ProducesResponseType(StatusCodes.Status304NotModified)] // today's answer, asked for again with its ETag (StoredAnswerResult)
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/obligations")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, string? asOf, string? knownAt, IQuerySession session, IClock clock,
        IEnumerable<IObligationSource> sources, IEnumerable<IObligationSettlements> settlements, IOptions<JsonOptions> json, AnswerFlights flights,
        CancellationToken ct)
    {
        if (QueryValues.DateParameter(asOf, "asOf", out var date) is { } baddate) return baddate;
        if (QueryValues.InstantParameter(knownAt, "knownAt", out var instant) is { } badinstant) return badinstant;
        // Today's obligations (no date, no instant asked) are stored as sent, and sent again while nothing they come from has changed.
        if (date is not null || instant is not null) return await AnswerAsync(null);
        // Stale: the node's requests for the same answer under the same stamps share one computation (AnswerFlights).
        return await flights.ServeAsync<IResult>(session, Kind, memberId, $"{fiscalYear}", clock.GetCurrentInstant(),
            stored => fiscalYear is null || fiscalYear == stored.FiscalYear ? new StoredAnswerResult(stored.Body!) : null, read => AnswerAsync(read), ct);

        async Task<IResult> AnswerAsync(StoredAnswers.Lookup? read)
        {
            var (answer, problem, today) = await ComputeAsync(consortiumId, memberId, fiscalYear, date, instant, session, clock, sources, settlements, ct);
            if (problem is not null) return problem;
            if (read is null || today is not { } day || answer!.FiscalYear != day.Calendar.YearOf(day.Date)) return Results.Ok(answer);
            var bytes = StoredAnswerResult.Compress(answer, json.Value.SerializerOptions);
            await StoredAnswers.StoreAsync(session, read, Kind, memberId, new StoredAnswer(bytes, answer.FiscalYear), day.Calendar.Zone, day.Date, ct);
            return new StoredAnswerResult(bytes);
        }
    }

    /// <summary>
    /// A member's obligations worked out from the ledger (what <see cref="Get"/> stores, and the console shows): the answer, or the problem
    /// with the question; and the consortium's calendar and today, the day the answer holds for.
    /// </summary>
    public static async Task<(MemberObligations? Answer, IResult? Problem, (FiscalCalendar Calendar, LocalDate Date)? Today)> ComputeAsync(
        Guid consortiumId, Guid memberId, int? fiscalYear, LocalDate? date, Instant? instant, IQuerySession session, IClock clock,
        IEnumerable<IObligationSource> sources, IEnumerable<IObligationSettlements> settlements, CancellationToken ct)
    {
        var first = session.CreateBatchQuery(); // the consortium and the member in one round trip
        var (consortiumRead, memberRead) = (first.Load<Consortium>(consortiumId), first.Load<Member>(memberId));
        await first.Execute(ct);
        var (consortium, member) = (await consortiumRead, await memberRead);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return (null, Problems.NotFound("member", memberId), null);

        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var year = fiscalYear ?? calendar.YearOf(date ?? today);
        if (year is < 1900 or > 9998) return (null, Problems.RuleViolated("fiscalYear", "Must be a year such as 2026."), null);
        var period = calendar.Year(year);
        if (date is { } d && d > today) return (null, Problems.RuleViolated("asOf", $"{d:uuuu-MM-dd} is after today ({today:uuuu-MM-dd})."), null);
        if (date is { } e && !period.Contains(e))
            return (null, Problems.RuleViolated("asOf", $"{e:uuuu-MM-dd} is not in fiscal year {year} ({period.Start:uuuu-MM-dd} to {period.End:uuuu-MM-dd})."), null);

        var query = new ObligationQuery(consortium, member, year, period, date, instant);
        // Every source queues its reads in one batch (one round trip for today's answer), then works its items out.
        var reads = new ObligationReads(session, session.CreateBatchQuery());
        var pending = sources.Select(s => s.Read(reads, query)).ToList();
        var pendingCommitments = sources.OfType<ICommitmentSource>().Select(s => s.ReadCommitments(reads, query)).ToList();
        await reads.ExecuteAsync(ct);
        var items = new List<ObligationItem>();
        foreach (var source in pending) items.AddRange(await source(ct));
        var commitments = new List<CommitmentItem>();
        foreach (var source in pendingCommitments) commitments.AddRange(await source(ct));

        var total = Money.Sum(items.Select(i => i.Amount), consortium.BaseCurrency);
        var (settled, account) = await SettleAsync(session, query, items, settlements, ct);
        var name = (member.FiguresOn(period.End) ?? member.Current).Name;
        return (new MemberObligations(consortiumId, memberId, member.Code, name, year, period.Start, period.End, total, settled, commitments,
            instant, date, account), null, (calendar, today));
    }

    /// <summary>The kind of stored answer a member's obligations are (<see cref="StoredAnswers"/>).</summary>
    public const string Kind = "obligations";

    /// <summary>Each item billed on the account with what the account says of it, and their sum: gross, paid, credits, applied from account, net.</summary>
    private static async Task<(List<ObligationItem> Items, ObligationsAccount? Account)> SettleAsync(IQuerySession session, ObligationQuery query,
        List<ObligationItem> items, IEnumerable<IObligationSettlements> settlements, CancellationToken ct)
    {
        var ids = items.Where(i => i.LedgerItemId is not null).Select(i => i.LedgerItemId!).Distinct().ToList();
        var ledger = settlements.FirstOrDefault();
        if (ledger is null || ids.Count == 0) return (items, null);
        var known = await ledger.ForItemsAsync(session, query, ids, ct);
        var settled = items.Select(i => i.LedgerItemId is { } id && known.TryGetValue(id, out var s) ? i with { Settlement = s } : i).ToList();
        var currency = query.Consortium.BaseCurrency;
        var all = ids.Select(id => known[id]).ToList();
        Money Sum(Func<ItemSettlement, Money> of) => Money.Sum(all.Select(of), currency);
        return (settled, new ObligationsAccount(Sum(s => s.Gross), Sum(s => s.Paid), Sum(s => s.Credits), Sum(s => s.AppliedFromAccount), Sum(s => s.Net)));
    }
}
