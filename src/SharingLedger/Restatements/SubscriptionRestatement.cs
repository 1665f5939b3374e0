using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Membership;
using SharingLedger.Subscriptions;

namespace SharingLedger.Restatements;

/// <summary>
/// Re-prices a subscription term by the amendment's sharing term of the same name: the term records the new version,
/// and an invoiced term gets a new apportionment revision whose adjustments are the differences.
/// </summary>
public static class SubscriptionRestatement
{
    public static List<object> Restate(Subscription subscription, SubscriptionTerm term, AgreementAdopted amendment, SharingTerm sharingTerm,
        IReadOnlyDictionary<Guid, Member> members, Instant now)
    {
        var replaced = term.AgreementVersion;
        var events = new List<object>
        {
            new SubscriptionTermRepriced(subscription.Id, term.Number, amendment.AgreementId, amendment.Version, replaced, sharingTerm, now),
        };
        if (term.Invoice is not null && term.Latest is not null)
        {
            var reason = $"Restated under agreement version {amendment.Version}, effective from {amendment.EffectiveFrom:uuuu-MM-dd}, replacing version {replaced}";
            var revision = SubscriptionApportioning.Apportion(subscription, term.RepricedBy(amendment.AgreementId, amendment.Version, sharingTerm),
                members, reason, now);
            events.Add(revision with { ReplacesAgreementVersion = replaced });
        }
        return events;
    }
}
