using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Splits an invoiced term among its participants (see <see cref="CostPricing"/>) and, for a revision,
/// works out each member's adjustment against the previous split: members already billed get the
/// difference back as a credit when someone joins.
/// </summary>
public static class SubscriptionApportioning
{
    /// <param name="participants">The participants after a change not yet applied (a join or leave); default the term's.</param>
    /// <param name="invoice">An invoice not yet applied; default the term's.</param>
    public static SubscriptionCostApportioned Apportion(Subscription subscription, SubscriptionTerm term,
        IReadOnlyDictionary<Guid, Member> members, string reason, Instant now,
        IReadOnlyList<Participation>? participants = null, SubscriptionInvoiced? invoice = null)
    {
        // The aggregate loaded for writing is the one the inline projection will update: never mutate it here.
        invoice ??= term.Invoice ?? throw new InvalidOperationException($"Term {term.Number} has no invoice yet.");
        var usage = term.SharingTerm.Rule.AttributesUsed().Contains(Kernel.CostSharing.BasisAttribute.Usage)
            ? subscription.UsageWithin(term.SharingTerm.Metric, term.Start, term.End)
            : null;
        var priced = CostPricing.Price(new PricingInput(invoice.BaseAmount, term.SharingTerm, term.Period, participants ?? term.Participants,
            members, term.PreviousShares, term.StandalonePrices, usage, term.PhaseInYear, term.SharesBeforePhaseIn));

        return Split(subscription, term, priced, reason, now, invoice);
    }

    /// <summary>A split finance decided (<see cref="SubscriptionSplitDecisions"/>), recorded as the term's next revision.</summary>
    public static SubscriptionCostApportioned Decided(Subscription subscription, SubscriptionTerm term, PricedCost decided, string reason, Instant now) =>
        Split(subscription, term, decided, reason, now, term.Invoice);

    private static SubscriptionCostApportioned Split(Subscription subscription, SubscriptionTerm term, PricedCost priced, string reason, Instant now,
        SubscriptionInvoiced? invoice)
    {
        // After a void the voided split was taken back in full: the new one is a revision whose adjustments start from nothing.
        var previous = term.Latest;
        var revision = term.NextRevision;
        var adjustments = previous is not null ? Adjustments(previous.Cost, priced)
            : revision > 1 ? Adjustments(new PricedCost(priced.Total, priced.Method, [], priced.Total, priced.TermDays), priced) : [];
        return new SubscriptionCostApportioned(subscription.Id, subscription.ConsortiumId, term.Number, revision,
            reason, term.AgreementId, term.AgreementVersion, term.SharingTermName, priced, adjustments, now,
            InvoiceDate: invoice?.InvoiceDate, Resource: subscription.Resource, Vendor: subscription.Vendor);
    }

    private static List<ShareAdjustment> Adjustments(PricedCost before, PricedCost after)
    {
        var currency = after.Total.Currency;
        var codes = before.Lines.Concat(after.Lines).GroupBy(l => l.MemberId).ToDictionary(g => g.Key, g => g.First().MemberCode);
        return codes
            .Select(c =>
            {
                var was = before.LineOf(c.Key)?.Amount ?? Money.Zero(currency);
                var now = after.LineOf(c.Key)?.Amount ?? Money.Zero(currency);
                return new ShareAdjustment(c.Key, c.Value, was, now, now - was);
            })
            .Where(a => !a.Difference.IsZero)
            .OrderBy(a => a.MemberCode, StringComparer.Ordinal)
            .ToList();
    }
}
