using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Obligations;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>
/// A shared subscription as one of its participants sees it: what it is, and the terms the member takes part in with its own
/// share explained. Nothing of the other participants (their shares, standalone prices, previous shares or usage).
/// </summary>
public sealed record MemberSubscriptionView(Guid SubscriptionId, string Vendor, string Resource, LocalDate? CancelledFrom, IReadOnlyList<MemberTermView> Terms);

/// <summary>
/// One term the member takes part in: the term's price, the sharing term that splits it, the days the member takes part
/// (<c>takesPart</c>, each from and to inclusive), the invoice once recorded, whether its split waits for finance's decision
/// (<c>needsDecision</c>), and the member's share as it stands, explained as in its obligations (null until the term is split).
/// </summary>
public sealed record MemberTermView(
    int Term,
    LocalDate Start,
    LocalDate End,
    Money Price,
    string SharingTerm,
    int AgreementVersion,
    string Rule,
    IReadOnlyList<TakingPart> TakesPart,
    MemberTermInvoice? Invoice,
    bool NeedsDecision,
    ObligationItem? Share);

/// <summary>Days of a term a member takes part in, from and to inclusive.</summary>
public sealed record TakingPart(LocalDate From, LocalDate To);

/// <summary>The term's vendor invoice: in its currency and, at its rate, in the consortium's base currency (the amount split).</summary>
public sealed record MemberTermInvoice(string InvoiceNumber, LocalDate InvoiceDate, Money Amount, decimal? RateToBase, Money BaseAmount);

public static class GetMemberSubscriptionsEndpoint
{
    /// <summary>
    /// The shared subscriptions the member takes part in (in any term), by resource, a page at a time, each with the terms it
    /// takes part in and its own share explained. A member system reads its own only (another member's id is unknown: 404).
    /// </summary>
    /// <param name="limit">Subscriptions a page holds (default 100).</param>
    /// <param name="offset">Subscriptions to skip (default 0).</param>
    [ProducesResponseType(typeof(List<MemberSubscriptionView>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/subscriptions")]
    public static async Task<IResult> List(Guid consortiumId, Guid memberId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        var member = await session.LoadAsync<Membership.Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        // A consortium shares tens of subscriptions, not thousands: the member's are picked out here.
        var all = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).OrderBy(s => s.Resource).ThenBy(s => s.Id).ToListAsync(ct);
        var views = all.Select(s => View(s, memberId)).Where(v => v.Terms.Count > 0).ToList();
        return paging.Respond(http, views.Count, views.Skip(paging.Offset).Take(paging.Limit).ToList());
    }

    public static MemberSubscriptionView View(Subscription s, Guid memberId) =>
        new(s.Id, s.Vendor, s.Resource, s.CancelledFrom, s.Terms
            .Where(t => t.Participants.Any(p => p.MemberId == memberId) || t.Latest?.Cost.LineOf(memberId) is not null)
            .Select(t => new MemberTermView(t.Number, t.Start, t.End, t.Price, t.SharingTermName, t.AgreementVersion, t.SharingTerm.Rule.Describe(),
                t.Participants.Where(p => p.MemberId == memberId).Select(p => new TakingPart(p.From ?? t.Start, p.To ?? t.End)).ToList(),
                t.Invoice is { } i ? new MemberTermInvoice(i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase, i.BaseAmount) : null,
                t.PendingSplit is not null,
                SubscriptionObligations.ShareOf(s, t, memberId)))
            .ToList());
}
