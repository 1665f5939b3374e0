using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>Appends a new apportionment of an invoiced term after its facts changed (a join, a leave, new usage).</summary>
public static class Reapportion
{
    /// <summary>The events to append: the change itself, then a new apportionment when the term was already invoiced.</summary>
    public static async Task<IResult?> AppendWithReapportionAsync(IDocumentSession session, IEventStream<Subscription> stream,
        Subscription subscription, SubscriptionTerm term, object change, IReadOnlyList<Sharing.Participation> participants,
        string reason, Instant now, CancellationToken ct)
    {
        if (term.Invoice is null)
        {
            stream.AppendOne(change);
            return null;
        }
        try
        {
            var members = await SubscriptionAccess.MembersAsync(session, subscription.ConsortiumId, ct);
            stream.AppendMany(change, SubscriptionApportioning.Apportion(subscription, term, members, reason, now, participants));
            return null;
        }
        catch (CostSharingException e)
        {
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError(x.Field, x.Message)));
        }
    }
}

public sealed record ReapportionTerm(string Reason);

public static class ReapportionTermEndpoint
{
    /// <summary>Split an invoiced term again, e.g. once the term's usage has been reported.</summary>
    [ProducesResponseType(typeof(SubscriptionCostApportioned), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/apportionments")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, int term, ReapportionTerm? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var t = loaded.Subscription.TermNumber(term);
        if (t is null) return Problems.NotFound($"term {term} of subscription", subscriptionId);
        var v = new Validation().NotBlank(command.Reason, "reason", 500).Require(t.Invoice is not null, "term", $"Term {term} has not been invoiced yet.");
        if (!v.IsValid) return v.Problem();
        try
        {
            var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
            var apportioned = SubscriptionApportioning.Apportion(loaded.Subscription, t, members, command.Reason.Trim(), clock.GetCurrentInstant());
            loaded.Stream.AppendOne(apportioned);
            return Results.Created($"/consortia/{consortiumId}/subscriptions/{subscriptionId}", apportioned);
        }
        catch (CostSharingException e)
        {
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError(x.Field, x.Message)));
        }
    }
}
