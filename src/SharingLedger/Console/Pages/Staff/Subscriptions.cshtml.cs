using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Shared subscriptions with each member's share of the current term explained: the <see cref="Subscription"/> documents the
/// API's <see cref="GetSubscriptionsEndpoint.List"/> pages through, in its order, all on one page (a consortium has tens).
/// </summary>
public sealed class SubscriptionsModel(IQuerySession session) : ConsolePage
{
    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        Subscriptions = await session.Query<Subscription>().Where(s => s.ConsortiumId == Me.ConsortiumId)
            .OrderBy(s => s.Resource).ThenBy(s => s.Id).ToListAsync(ct);
        return Page();
    }

    public BarChart Split(Subscription s, int index)
    {
        var lines = s.Current.Latest!.Cost.Lines;
        var f = Format;
        return new BarChart($"split-{index}", T("How the cost is split") + $": {s.Resource}",
            string.Join("; ", lines.Select(l => $"{l.MemberCode} {f.Money(l.Amount)}")),
            [T("Share")], lines.Select(l => (l.MemberCode, new[] { l.Amount.Minor })).ToList());
    }
}
