using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Infrastructure.Answers;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Shared subscriptions with each member's share of the current term explained: the summaries the API's
/// <see cref="GetSubscriptionsEndpoint.List"/> pages through, in its order, all on one page; or one subscription on a page of its
/// own (<c>/subscriptions/{id}</c>). On the list, a split among more than <see cref="InlineShares"/> members is summed up with a link
/// to that page: at national size (2,000 members in each of 100 subscriptions) every share inline made a page of 118 MB.
/// </summary>
public sealed class SubscriptionsModel(IQuerySession session, ConsortiumMemo memo) : ConsolePage
{
    /// <summary>The most shares a subscription shows on the list (a regional consortium's members, with room to spare).</summary>
    public const int InlineShares = GetSubscriptionsEndpoint.InlineShares;

    [BindProperty(SupportsGet = true)] public Guid? SubscriptionId { get; set; }

    public IReadOnlyList<SubscriptionListing> Subscriptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        if (SubscriptionId is { } id)
        {
            Subscriptions = await SubscriptionListing.InAsync(session, Me.ConsortiumId, int.MaxValue, ct, only: id);
            return Subscriptions.Count == 0 ? NotFoundPage() : Page();
        }
        // The list, kept per node while no fact of the consortium changes (the API's list is the same).
        Subscriptions = await GetSubscriptionsEndpoint.ListingsAsync(session, memo, Me.ConsortiumId, ct);
        return Page();
    }

    public BarChart Split(SubscriptionListing s, int index)
    {
        var lines = s.Lines;
        var f = Format;
        return new BarChart($"split-{index}", T("How the cost is split") + $": {s.Summary.Resource}",
            string.Join("; ", lines.Select(l => $"{l.MemberCode} {f.Money(l.Amount)}")),
            [T("Share")], lines.Select(l => (l.MemberCode, new[] { l.Amount.Minor })).ToList());
    }
}
