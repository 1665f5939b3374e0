using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>Shared subscriptions with each member's share of the current term explained (the API's <see cref="GetSubscriptionsEndpoint.List"/>).</summary>
public sealed class SubscriptionsModel(IQuerySession session) : ConsolePage
{
    public IReadOnlyList<Subscription> Subscriptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        var answer = await GetSubscriptionsEndpoint.List(Me.ConsortiumId, session, ct);
        if (answer is not IValueHttpResult { Value: IEnumerable<Subscription> list }) return NotFoundPage();
        Subscriptions = list.ToList();
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
