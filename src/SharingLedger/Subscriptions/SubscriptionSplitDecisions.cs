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
    /// <summary>How the split's reason begins when finance decided it; finance's own words follow.</summary>
    private const string DecidedReasonPrefix = "decided by finance: ";

    /// <summary>Finance's own words in a split's reason that <see cref="Decide"/> recorded (any other reason as it stands).</summary>
    public static string FinanceWords(string reason) =>
        reason.StartsWith(DecidedReasonPrefix, StringComparison.Ordinal) ? reason[DecidedReasonPrefix.Length..] : reason;

    public static Decision Decide(Subscription subscription, int termNumber, DecideSubscriptionSplit command, SubscriptionFacts facts, Instant now)
    {
        if (subscription.TermNumber(termNumber) is not { } term) return new Decision.NotFound($"term {termNumber} of subscription", subscription.Id);
        if (term.PendingSplit is not { } pending)
            return new Decision.Conflict($"Term {term.Number} needs no decision: {(term.Invoice is null ? "it is not invoiced" : "its split stands")}.");
        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        var sharers = term.Participants.Select(p => p.MemberId).Distinct()
            .ToDictionary(id => id, id => facts.Members.GetValueOrDefault(id)?.Code ?? "?");
        if (DecidedSplit.Check(v, command.Shares, pending.BaseAmount, sharers, "Not a participant of the term.", term.Period.Length) is not { } cost)
            return new Decision.Invalid(v.Errors);
        var lines = cost.Lines;
        var decided = new SubscriptionSplitDecided(subscription.Id, subscription.ConsortiumId, term.Number, pending.InvoiceNumber, command.Reason!.Trim(),
            lines.Select(l => new MemberShare(l.MemberId, l.MemberCode, l.Amount)).ToList(), cost.Shortfall, now);
        var split = SubscriptionApportioning.Decided(subscription, term, cost, DecidedReasonPrefix + decided.Reason, now);
        return Decision.Accept(decided, split);
    }
}
