using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// The decisions that change who takes part in a term and what it used, free of HTTP and storage: a join, a leave, a new
/// split of an invoiced term, and usage (reported by hand or imported from COUNTER). A change to an invoiced term is
/// recorded with a new apportionment in the same decision.
/// </summary>
public static class SubscriptionChangeDecisions
{
    public static Decision Join(Subscription subscription, JoinSubscription command, SubscriptionFacts facts, Instant now)
    {
        var term = subscription.Current;
        var member = facts.Members.GetValueOrDefault(command.MemberId);
        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom");
        if (member is null) v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
        if (command.EffectiveFrom is { } from && member is not null)
        {
            v.Require(term.Contains(from), "effectiveFrom", $"{from:uuuu-MM-dd} is outside the current term ({term.Start:uuuu-MM-dd} to {term.End:uuuu-MM-dd}).");
            v.Require(member.IsActiveOn(from), "memberId", $"Member {member.Code} is not an active member on {from:uuuu-MM-dd}.");
            v.Require(!term.Overlaps(member.Id, from, term.End), "memberId", $"Member {member.Code} already takes part in this term then; a member cannot be in two overlapping parts of one term.");
            v.Require(subscription.CancelledFrom is null || from < subscription.CancelledFrom, "effectiveFrom", "The subscription is cancelled by then.");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var joined = new SubscriptionParticipantJoined(subscription.Id, term.Number, command.MemberId, command.EffectiveFrom!.Value, now);
        var participants = term.Participants.Append(new Participation(command.MemberId, command.EffectiveFrom)).ToList();
        return WithReapportion(subscription, term, joined, participants, facts, $"member {member!.Code} joined from {command.EffectiveFrom:uuuu-MM-dd}", now);
    }

    public static Decision Leave(Subscription subscription, Guid memberId, LeaveSubscription command, SubscriptionFacts facts, Instant now)
    {
        var term = subscription.Current;
        var part = term.Participants.LastOrDefault(p => p.MemberId == memberId);
        if (part is null) return new Decision.NotFound("participant of the current term with member id", memberId);
        if (part.To is not null) return new Decision.Conflict($"The member already left this term after {part.To:uuuu-MM-dd}.");

        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom");
        if (command.EffectiveFrom is { } from)
        {
            var first = part.From ?? term.Start;
            v.Require(from > first && from <= term.End, "effectiveFrom",
                $"Must be after the member's first day in the term ({first:uuuu-MM-dd}) and no later than the term's end ({term.End:uuuu-MM-dd}).");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var left = new SubscriptionParticipantLeft(subscription.Id, term.Number, memberId, command.EffectiveFrom!.Value, now);
        var participants = term.Participants.Select(p => p == part ? p with { To = command.EffectiveFrom.Value.PlusDays(-1) } : p).ToList();
        return WithReapportion(subscription, term, left, participants, facts, $"a member left from {command.EffectiveFrom:uuuu-MM-dd}", now);
    }

    public static Decision Reapportion(Subscription subscription, int termNumber, ReapportionTerm command, SubscriptionFacts facts, Instant now)
    {
        var term = subscription.TermNumber(termNumber);
        if (term is null) return new Decision.NotFound($"term {termNumber} of subscription", subscription.Id);
        var v = new Validation().NotBlank(command.Reason, "reason", 500).Require(term.Invoice is not null, "term", $"Term {termNumber} has not been invoiced yet.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return SubscriptionDecisions.Priced(() => [SubscriptionApportioning.Apportion(subscription, term, facts.Members, command.Reason.Trim(), now)]);
    }

    public static Decision ReportUsage(Subscription subscription, ReportUsage command, Instant now)
    {
        var v = new Validation();
        var usage = UsageRules.Check(v, subscription, command.MemberId, command.PeriodStart, command.PeriodEnd,
            command.Metric ?? SharingTerm.DefaultUsageMetric, command.Count, "manual", now, "");
        return v.IsValid ? Decision.Accept(usage!) : new Decision.Invalid(v.Errors);
    }

    /// <summary>The change, then a new apportionment when the term was already invoiced.</summary>
    private static Decision WithReapportion(Subscription subscription, SubscriptionTerm term, object change,
        IReadOnlyList<Participation> participants, SubscriptionFacts facts, string reason, Instant now) =>
        term.Invoice is null
            ? Decision.Accept(change)
            : SubscriptionDecisions.Priced(() => [change, SubscriptionApportioning.Apportion(subscription, term, facts.Members, reason, now, participants)]);
}
