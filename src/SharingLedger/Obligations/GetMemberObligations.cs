using Marten;
using NodaTime;
using SharingLedger.Consortia;
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
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/obligations")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, string? asOf, string? knownAt, IQuerySession session, IClock clock,
        IEnumerable<IObligationSource> sources, CancellationToken ct)
    {
        if (QueryValues.DateParameter(asOf, "asOf", out var date) is { } baddate) return baddate;
        if (QueryValues.InstantParameter(knownAt, "knownAt", out var instant) is { } badinstant) return badinstant;
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var year = fiscalYear ?? calendar.YearOf(date ?? today);
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var period = calendar.Year(year);
        if (date is { } d && d > today) return Problems.RuleViolated("asOf", $"{d:uuuu-MM-dd} is after today ({today:uuuu-MM-dd}).");
        if (date is { } e && !period.Contains(e))
            return Problems.RuleViolated("asOf", $"{e:uuuu-MM-dd} is not in fiscal year {year} ({period.Start:uuuu-MM-dd} to {period.End:uuuu-MM-dd}).");

        var query = new ObligationQuery(consortium, member, year, period, date, instant);
        var items = new List<ObligationItem>();
        foreach (var source in sources) items.AddRange(await source.ForMemberAsync(session, query, ct));
        var commitments = new List<CommitmentItem>();
        foreach (var source in sources.OfType<ICommitmentSource>()) commitments.AddRange(await source.CommitmentsForMemberAsync(session, query, ct));

        var total = Money.Sum(items.Select(i => i.Amount), consortium.BaseCurrency);
        var name = (member.FiguresOn(period.End) ?? member.Current).Name;
        return Results.Ok(new MemberObligations(consortiumId, memberId, member.Code, name, year, period.Start, period.End, total, items, commitments,
            instant, date));
    }
}
