using Marten;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>What a member saves by sharing: its share of a term against what it would pay alone.</summary>
public sealed record TermSaving(Guid SubscriptionId, string Resource, int Term, NodaTime.LocalDate Start, NodaTime.LocalDate End,
    Money StandalonePrice, Money Share, Money Saving);

public sealed record MemberSavings(Guid MemberId, string MemberCode, Money TotalStandalone, Money TotalShares, Money TotalSaving, IReadOnlyList<TermSaving> Terms);

public static class GetSavingsEndpoint
{
    /// <summary>Every apportioned term with a recorded standalone price for the member.</summary>
    [ProducesResponseType(typeof(MemberSavings), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/savings")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortia.Consortium>(consortiumId, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var subscriptions = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).ToListAsync(ct);
        var terms = subscriptions
            .SelectMany(s => s.Terms.Select(t => (s, t, line: t.Latest?.Cost.LineOf(memberId))))
            .Where(x => x.line is not null && x.t.StandalonePrices.ContainsKey(memberId))
            .Select(x => new TermSaving(x.s.Id, x.s.Resource, x.t.Number, x.t.Start, x.t.End, x.t.StandalonePrices[memberId],
                x.line!.Amount, x.t.StandalonePrices[memberId] - x.line.Amount))
            .OrderBy(x => x.Start).ThenBy(x => x.Resource, StringComparer.Ordinal)
            .ToList();
        var currency = consortium.BaseCurrency;
        return Results.Ok(new MemberSavings(memberId, member.Code, Money.Sum(terms.Select(t => t.StandalonePrice), currency),
            Money.Sum(terms.Select(t => t.Share), currency), Money.Sum(terms.Select(t => t.Saving), currency), terms));
    }
}
