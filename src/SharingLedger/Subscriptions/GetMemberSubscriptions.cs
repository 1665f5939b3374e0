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
        // The first page (nothing asked but the member) is stored as sent, and sent again (or 304) while nothing it comes from has changed.
        var page = limit is null && offset is null
            // Stale: the node's requests for the same page under the same stamps share one computation (AnswerFlights).
            ? await flights.ServeAsync(session, Kind, memberId, "", clock.GetCurrentInstant(),
                stored => new AnswerPage(new StoredAnswerResult(stored.Body!), stored.ListOffset, stored.ListTotal), read => PageAsync(read), ct)
            : await PageAsync(null);
        if (page.Total is { } total) paging.WriteHeaders(http, total);
        return page.Result;

        async Task<AnswerPage> PageAsync(StoredAnswers.Lookup? read)
        {
            // The member's own rows, a page of them (MemberSubscription), then in one round trip: the consortium (its day bounds a stored
            // page), the member, whether every subscription's rows are kept, and the member's shares of the page's terms.
            var rows = await session.Query<MemberSubscription>().Where(x => x.MemberId == memberId).Stats(out var stats)
                .OrderBy(x => x.Resource).ThenBy(x => x.SubscriptionId).Skip(paging.Offset).Take(paging.Limit).ToListAsync(ct);
            var ids = rows.Select(x => x.SubscriptionId).ToArray();
            var batch = session.CreateBatchQuery();
            var (consortiumRead, memberRead) = (batch.Load<Consortium>(consortiumId), batch.Load<Membership.Member>(memberId));
            var allKept = MemberSubscriptions.AllKept(batch, consortiumId);
            var itemsRead = batch.Query<MemberObligationItem>()
                .Where(x => x.MemberId == memberId && x.Kind == SubscriptionObligations.Kind && ids.Contains(x.SourceId)).ToList();
            await batch.Execute(ct);
            var (consortium, member) = (await consortiumRead, await memberRead);
            if (consortium is null || member is null || member.ConsortiumId != consortiumId) return new AnswerPage(Problems.NotFound("member", memberId), null, null);
            var shares = MemberSubscriptions.ByItemId(await itemsRead);
            var (shown, total) = await allKept()
                ? (rows.Select(x => MemberSubscriptions.WithShares(x.View, shares)).ToList(), stats.TotalResults)
                : await FromDocumentsAsync();
            if (read is null) return new AnswerPage(Results.Ok(shown), paging.Offset, total);
            var bytes = StoredAnswerResult.Compress(shown, json.Value.SerializerOptions);
            var calendar = consortium.Calendar();
            await StoredAnswers.StoreAsync(session, read, Kind, memberId, new StoredAnswer(bytes, null, 0, total), calendar.Zone, calendar.Today(clock), ct);
            return new AnswerPage(new StoredAnswerResult(bytes), 0, total);
        }

        // A subscription with no event since before the rows were kept has none: the member's part is picked out of every document whole.
        async Task<(List<MemberSubscriptionView>, long)> FromDocumentsAsync()
        {
            var all = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).OrderBy(s => s.Resource).ThenBy(s => s.Id).ToListAsync(ct);
            var views = all.Select(s => View(s, memberId, withShares: true)).Where(v => v.Terms.Count > 0).ToList();
            return (views.Skip(paging.Offset).Take(paging.Limit).ToList(), views.Count);
        }
    }

    /// <summary>The kind of stored answer a member's first page of subscriptions is (<see cref="StoredAnswers"/>).</summary>
    public const string Kind = "subscriptions";

    /// <summary>The member's view of the subscription: the terms it takes part in (or has a share of), each share explained when asked for.</summary>
    public static MemberSubscriptionView View(Subscription s, Guid memberId, bool withShares) =>
        new(s.Id, s.Vendor, s.Resource, s.CancelledFrom, s.Terms
            .Where(t => t.Participants.Any(p => p.MemberId == memberId) || t.Latest?.Cost.LineOf(memberId) is not null)
            .Select(t => new MemberTermView(t.Number, t.Start, t.End, t.Price, t.SharingTermName, t.AgreementVersion, t.SharingTerm.Rule.Describe(),
                t.Participants.Where(p => p.MemberId == memberId).Select(p => new TakingPart(p.From ?? t.Start, p.To ?? t.End)).ToList(),
                t.Invoice is { } i ? new MemberTermInvoice(i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase, i.BaseAmount) : null,
                t.PendingSplit is not null,
                withShares ? SubscriptionObligations.ShareOf(s, t, memberId) : null))
            .ToList());
}
