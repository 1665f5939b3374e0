using SharingLedger.Infrastructure.Answers;
using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Finance;

/// <summary>
/// A member joins a subscription's current term mid-term, or leaves it, through the API's own endpoints
/// (<see cref="JoinSubscriptionEndpoint"/>, <see cref="LeaveSubscriptionEndpoint"/>): an invoiced term is split again, with credits.
/// </summary>
public sealed class ParticipantsModel(IQuerySession session, InProcessApi api, ConsortiumMemo memo) : ConsoleFormPage
{
    [BindProperty] public string? SubscriptionId { get; set; }
    [BindProperty] public string? MemberId { get; set; }
    [BindProperty] public string? On { get; set; }
    /// <summary>Which form was sent ("join" or "leave"): its fields carry the messages.</summary>
    public string? Sent { get; private set; }
    public IReadOnlyList<SubscriptionChoice> Subscriptions { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> Members { get; private set; } = [];
    protected override IReadOnlyCollection<string> Fields => ["subscriptionId", "memberId", "from", "effectiveFrom"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostJoinAsync(CancellationToken ct) => ChangeAsync("join", ct);

    public Task<IActionResult> OnPostLeaveAsync(CancellationToken ct) => ChangeAsync("leave", ct);

    private async Task<IActionResult> ChangeAsync(string change, CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        Sent = change;
        await LoadAsync(ct);
        var subscription = Subscriptions.FirstOrDefault(s => s.Id.ToString() == SubscriptionId);
        if (subscription is null) Errors["subscriptionId"] = T("Choose the subscription.");
        if (GuidOf(MemberId) is not { } member || Members.All(m => m.Value != member.ToString())) Errors["memberId"] = T("Choose the member.");
        if (Refused()) return Page();
        var on = string.IsNullOrWhiteSpace(On) ? null : On.Trim();
        var route = new Dictionary<string, string>
            { ["consortiumId"] = Me.ConsortiumId.ToString(), ["subscriptionId"] = subscription!.Id.ToString(), ["memberId"] = MemberId! };
        var answer = change == "join"
            ? await api.PostAsync(User, "/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants", route, new { memberId = MemberId, effectiveFrom = on }, ct)
            : await api.PostAsync(User, "/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants/{memberId}/leave", route, new { effectiveFrom = on }, ct);
        var accepted = Accepted(answer);
        foreach (var dateField in new[] { "from", "effectiveFrom" })
            if (Errors.Remove(dateField, out var message)) Errors["on"] = message;
        if (!accepted) return Page();
        Recorded = $"{T(change == "join" ? "The member joins the term" : "The member leaves the term")}: {subscription.Resource}, {Members.First(m => m.Value == MemberId).Label}";
        (SubscriptionId, MemberId, On) = (null, null, null);
        Sent = null;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The error a field of the given form shows: only the form that was sent carries messages.</summary>
    public string? ErrorFor(string form, string field) => Sent == form ? ErrorOf(field) : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        Subscriptions = await SubscriptionChoice.InAsync(session, memo, Me.ConsortiumId, ct);
        Members = await MemberOptionsAsync(session, ct);
    }

    public IReadOnlyList<(string Value, string Label)> SubscriptionOptions => Subscriptions.Select(s =>
        (s.Id.ToString(), $"{s.Resource} · {s.Vendor} · {Format.Date(s.Start)} – {Format.Date(s.End)}")).ToList();

    /// <summary>A field of one of the two forms (ids carry the form's name, so both forms can be on the page).</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent FormInput(string form, string name, string label, string? hint = null, string type = "text",
        IReadOnlyList<(string Value, string Label)>? options = null, bool required = true)
    {
        var value = Sent == form ? name switch { "subscriptionId" => SubscriptionId, "memberId" => MemberId, _ => On } : null;
        return new FormField(name, label, value, ErrorFor(form, name), hint, type, options, required) { IdPrefix = form + "-" }.Render(T("Choose…"));
    }
}
