using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Shared subscriptions with each member's share of the current term explained: the <see cref="Subscription"/> documents the
/// API's <see cref="GetSubscriptionsEndpoint.List"/> pages through, in its order, all on one page; or one subscription on a page of its
/// own (<c>/subscriptions/{id}</c>). On the list, a split among more than <see cref="InlineShares"/> members is summed up with a link
/// to that page: at national size (2,000 members in each of 100 subscriptions) every share inline made a page of 118 MB.
/// </summary>
public sealed class SubscriptionsModel(IQuerySession session, ConsortiumMemo memo) : ConsolePage
{
    /// <summary>The most shares a subscription shows on the list (a regional consortium's members, with room to spare).</summary>
    public const int InlineShares = 60;

    [BindProperty(SupportsGet = true)] public Guid? SubscriptionId { get; set; }

    public IReadOnlyList<SubscriptionListing> Subscriptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        if (SubscriptionId is { } id)
        {
            if (await session.LoadAsync<Subscription>(id, ct) is not { } one || one.ConsortiumId != Me.ConsortiumId) return NotFoundPage();
            Subscriptions = [SubscriptionListing.Of(one, int.MaxValue)];
            return Page();
        }
        // The list, kept per node while no fact of the consortium changes: at national size it is read from 100 documents of 0.8 MB.
        Subscriptions = await memo.GetOrAddAsync<IReadOnlyList<SubscriptionListing>>(session, "subscriptions-page", async () =>
            (await session.Query<Subscription>().Where(s => s.ConsortiumId == Me.ConsortiumId).OrderBy(s => s.Resource).ThenBy(s => s.Id).ToListAsync(ct))
            .Select(s => SubscriptionListing.Of(s, InlineShares)).ToList(), ct);
        return Page();
    }

    public BarChart Split(SubscriptionListing s, int index)
    {
        var lines = s.Split!.Lines;
        var f = Format;
        return new BarChart($"split-{index}", T("How the cost is split") + $": {s.Resource}",
            string.Join("; ", lines.Select(l => $"{l.MemberCode} {f.Money(l.Amount)}")),
            [T("Share")], lines.Select(l => (l.MemberCode, new[] { l.Amount.Minor })).ToList());
    }
}
