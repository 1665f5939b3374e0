using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Answers;
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
    [ProducesResponseType(StatusCodes.Status304NotModified)] // the first page, asked for again with its ETag (StoredAnswerResult)
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/subscriptions")]
    public static async Task<IResult> List(Guid consortiumId, Guid memberId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, IClock clock, IOptions<JsonOptions> json, AnswerFlights flights, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        // The first page (nothing asked but the member) is stored as sent, and sent again while nothing it comes from has changed: at
        // national size it is worked out from every subscription document of the consortium (0.8 MB each at 2,000 participants).
        var page = limit is null && offset is null
            // Stale: the node's requests for the same page under the same stamps share one computation (AnswerFlights).
            ? await flights.ServeAsync(session, Kind, memberId, "", clock.GetCurrentInstant(),
                stored => new AnswerPage(new StoredAnswerResult(stored.Body!), stored.ListOffset, stored.ListTotal), read => PageAsync(read), ct)
            : await PageAsync(null);
        if (page.Total is { } total) paging.WriteHeaders(http, total);
        return page.Result;

        async Task<AnswerPage> PageAsync(StoredAnswers.Lookup? read)
        {
            var first = session.CreateBatchQuery(); // the consortium (its day bounds a stored page) and the member in one round trip
            var (consortiumRead, memberRead) = (first.Load<Consortium>(consortiumId), first.Load<Membership.Member>(memberId));
            await first.Execute(ct);
            var (consortium, member) = (await consortiumRead, await memberRead);
            if (consortium is null || member is null || member.ConsortiumId != consortiumId) return new AnswerPage(Problems.NotFound("member", memberId), null, null);
            // A consortium shares tens of subscriptions, not thousands: the member's are picked out here.
            var all = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).OrderBy(s => s.Resource).ThenBy(s => s.Id).ToListAsync(ct);
            var views = all.Select(s => View(s, memberId)).Where(v => v.Terms.Count > 0).ToList();
            var shown = views.Skip(paging.Offset).Take(paging.Limit).ToList();
            if (read is null) return new AnswerPage(Results.Ok(shown), paging.Offset, views.Count);
            var bytes = StoredAnswerResult.Compress(shown, json.Value.SerializerOptions);
            var calendar = consortium.Calendar();
            await StoredAnswers.StoreAsync(session, read, Kind, memberId, new StoredAnswer(bytes, null, 0, views.Count), calendar.Zone, calendar.Today(clock), ct);
            return new AnswerPage(new StoredAnswerResult(bytes), 0, views.Count);
        }
    }

    /// <summary>The kind of stored answer a member's first page of subscriptions is (<see cref="StoredAnswers"/>).</summary>
    public const string Kind = "subscriptions";

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
