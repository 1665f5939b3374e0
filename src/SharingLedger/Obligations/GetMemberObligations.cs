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
    /// A member's obligations for a fiscal year (default: the current one in the consortium's time zone); with
    /// <c>knownAt</c> (an instant), as the ledger knew them then: "what did we tell member X on 31 March about 2025?".
    /// </summary>
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/obligations")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, string? knownAt, IQuerySession session, IClock clock,
        IEnumerable<IObligationSource> sources, CancellationToken ct)
    {
        if (!QueryValues.TryInstant(knownAt, out var instant)) return Problems.BadRequest("knownAt must be an instant, e.g. 2026-03-31T23:59:59Z.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var calendar = consortium.Calendar();
        var year = fiscalYear ?? calendar.YearOf(calendar.Today(clock));
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var period = calendar.Year(year);

        var items = new List<ObligationItem>();
        foreach (var source in sources) items.AddRange(await source.ForMemberAsync(session, consortium, member, year, period, instant, ct));
        var commitments = new List<CommitmentItem>();
        foreach (var source in sources.OfType<ICommitmentSource>())
            commitments.AddRange(await source.CommitmentsForMemberAsync(session, consortium, member, year, period, instant, ct));

        var total = Money.Sum(items.Select(i => i.Amount), consortium.BaseCurrency);
        var name = (member.FiguresOn(period.End) ?? member.Current).Name;
        return Results.Ok(new MemberObligations(consortiumId, memberId, member.Code, name, year, period.Start, period.End, total, items, commitments, instant));
    }
}
