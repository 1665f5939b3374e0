using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Finance's decision on a term whose invoice the agreement could not split as written (<see cref="SubscriptionSplitPending"/>):
/// each participant's share as decided, the rest borne by the central fund as shortfall. Recorded as the decision (with its
/// reason) and the split it makes, revision after revision as any split.
/// </summary>
public static class SubscriptionSplitDecisions
{
    public static Decision Decide(Subscription subscription, int termNumber, DecideSubscriptionSplit command, SubscriptionFacts facts, Instant now)
    {
        if (subscription.TermNumber(termNumber) is not { } term) return new Decision.NotFound($"term {termNumber} of subscription", subscription.Id);
        if (term.PendingSplit is not { } pending)
            return new Decision.Conflict($"Term {term.Number} needs no decision: {(term.Invoice is null ? "it is not invoiced" : "its split stands")}.");
        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        var currency = pending.BaseAmount.Currency;
        var shares = new List<(Guid MemberId, Money Amount)>();
        if (command.Shares is not { Count: > 0 }) v.Add("shares", "Required: each participant's share, e.g. {\"<memberId>\": {\"amount\": \"100.00\", \"currency\": \"…\"}}.");
        else
            foreach (var (memberId, input) in command.Shares)
            {
                var field = $"shares.{memberId}";
                var amount = v.Money(input, field, currency: currency);
                if (!term.Participants.Any(p => p.MemberId == memberId)) v.Add(field, "Not a participant of the term.");
                else if (amount is { } a) shares.Add((memberId, a));
            }
        var total = Money.Sum(shares.Select(s => s.Amount), currency);
        if (v.IsValid && total > pending.BaseAmount)
            v.Add("shares", $"The shares add up to {total}; the invoice is {pending.BaseAmount}.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var lines = shares.Where(s => !s.Amount.IsZero).OrderBy(s => facts.Members.GetValueOrDefault(s.MemberId)?.Code, StringComparer.Ordinal)
            .Select(s => new ShareLine(s.MemberId, facts.Members.GetValueOrDefault(s.MemberId)?.Code ?? "?", s.Amount,
                $"{s.Amount.Minor}/{pending.BaseAmount.Minor}", s.Amount.ToDecimalString(), 0, new Dictionary<Kernel.CostSharing.BasisAttribute, decimal>()))
            .ToList();
        var cost = new PricedCost(pending.BaseAmount, "decided", lines, pending.BaseAmount - total, term.Period.Length);
        var decided = new SubscriptionSplitDecided(subscription.Id, subscription.ConsortiumId, term.Number, pending.InvoiceNumber, command.Reason!.Trim(),
            lines.Select(l => new MemberShare(l.MemberId, l.MemberCode, l.Amount)).ToList(), cost.Shortfall, now);
        var split = SubscriptionApportioning.Decided(subscription, term, cost, $"decided by finance: {decided.Reason}", now);
        return Decision.Accept(decided, split);
    }
}
