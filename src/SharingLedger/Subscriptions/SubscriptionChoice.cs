using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Answers;

namespace SharingLedger.Subscriptions;

/// <summary>
/// What a form offers of a subscription: its id, resource and vendor, and its current term's number, days and whether it is invoiced.
/// </summary>
public sealed record SubscriptionChoice(Guid Id, string Resource, string Vendor, int Term, LocalDate Start, LocalDate End, bool Invoiced)
{
    /// <summary>
    /// The consortium's subscriptions in the order of the API's list (resource, then id), from the listings the list answers and keeps
    /// per node (<see cref="GetSubscriptionsEndpoint.ListingsAsync"/>): at national size the documents are about 0.8 MB each, and a form
    /// needs only these few figures of each.
    /// </summary>
    public static async Task<IReadOnlyList<SubscriptionChoice>> InAsync(IQuerySession session, ConsortiumMemo memo, Guid consortiumId, CancellationToken ct) =>
        (await GetSubscriptionsEndpoint.ListingsAsync(session, memo, consortiumId, ct))
        .Select(l => (l.Summary, l.Summary.Current))
        .Select(x => new SubscriptionChoice(x.Summary.Id, x.Summary.Resource, x.Summary.Vendor, x.Current.Number, x.Current.Start, x.Current.End,
            x.Current.Invoice is not null))
        .ToList();
}
