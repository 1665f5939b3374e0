using Marten;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Obligations;
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
        // The member's own rows and shares (MemberSubscription, MemberObligationItem), not every subscription document whole.
        var batch = session.CreateBatchQuery();
        var (consortiumRead, memberRead) = (batch.Load<Consortia.Consortium>(consortiumId), batch.Load<Member>(memberId));
        var allKept = MemberSubscriptions.AllKept(batch, consortiumId);
        var rowsRead = batch.Query<MemberSubscription>().Where(x => x.MemberId == memberId).ToList();
        var itemsRead = batch.Query<MemberObligationItem>().Where(x => x.MemberId == memberId && x.Kind == SubscriptionObligations.Kind).ToList();
        await batch.Execute(ct);
        var (consortium, member) = (await consortiumRead, await memberRead);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var terms = (await allKept() ? FromRows(await rowsRead, MemberSubscriptions.ByItemId(await itemsRead)) : await FromDocumentsAsync())
            .OrderBy(x => x.Start).ThenBy(x => x.Resource, StringComparer.Ordinal)
            .ToList();
        var currency = consortium.BaseCurrency;
        return Results.Ok(new MemberSavings(memberId, member.Code, Money.Sum(terms.Select(t => t.StandalonePrice), currency),
            Money.Sum(terms.Select(t => t.Share), currency), Money.Sum(terms.Select(t => t.Saving), currency), terms));

        // A subscription with no rows kept in today's shape: every document whole, as before the rows.
        async Task<IEnumerable<TermSaving>> FromDocumentsAsync() =>
            (await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).ToListAsync(ct))
            .SelectMany(s => s.Terms.Select(t => (s, t, line: t.Latest?.Cost.LineOf(memberId))))
            .Where(x => x.line is not null && x.t.StandalonePrices.ContainsKey(memberId))
            .Select(x => Saving(x.s.Id, x.s.Resource, x.t.Number, x.t.Start, x.t.End, x.t.StandalonePrices[memberId], x.line!.Amount));
    }

    /// <summary>Each term the member has a standalone price and a share of (its obligation item of the term).</summary>
    private static IEnumerable<TermSaving> FromRows(IEnumerable<MemberSubscription> rows, IReadOnlyDictionary<string, Obligations.ObligationItem> shares) =>
        from row in rows
        from standalone in row.StandalonePrices
        let term = row.View.Terms.FirstOrDefault(t => t.Term == standalone.Term)
        let share = shares.GetValueOrDefault(MemberSubscriptions.ShareItemId(row.SubscriptionId, standalone.Term))
        where term is not null && share is not null
        select Saving(row.SubscriptionId, row.Resource, term.Term, term.Start, term.End, standalone.Price, share.Amount);

    private static TermSaving Saving(Guid subscriptionId, string resource, int term, NodaTime.LocalDate start, NodaTime.LocalDate end, Money standalone, Money share) =>
        new(subscriptionId, resource, term, start, end, standalone, share, standalone - share);
}
