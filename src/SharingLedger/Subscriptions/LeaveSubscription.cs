using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public sealed record LeaveSubscription(LocalDate? EffectiveFrom);

public static class LeaveSubscriptionEndpoint
{
    /// <summary>A member leaves the current term; from <c>effectiveFrom</c> on it no longer takes part or pays.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants/{memberId}/leave")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, Guid memberId, LeaveSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var (_, stream, subscription) = loaded;
        var term = subscription.Current;
        var part = term.Participants.LastOrDefault(p => p.MemberId == memberId);
        if (part is null) return Problems.NotFound("participant of the current term with member id", memberId);
        if (part.To is not null) return Problems.Conflict($"The member already left this term after {part.To:uuuu-MM-dd}.");

        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom");
        if (command.EffectiveFrom is { } from)
        {
            var first = part.From ?? term.Start;
            v.Require(from > first && from <= term.End, "effectiveFrom",
                $"Must be after the member's first day in the term ({first:uuuu-MM-dd}) and no later than the term's end ({term.End:uuuu-MM-dd}).");
        }
        if (!v.IsValid) return v.Problem();

        var now = clock.GetCurrentInstant();
        var left = new SubscriptionParticipantLeft(subscriptionId, term.Number, memberId, command.EffectiveFrom!.Value, now);
        var participants = term.Participants.Select(p => p == part ? p with { To = command.EffectiveFrom.Value.PlusDays(-1) } : p).ToList();
        var problem = await Reapportion.AppendWithReapportionAsync(session, stream, subscription, term, left, participants,
            $"a member left from {command.EffectiveFrom:uuuu-MM-dd}", now, ct);
        if (problem is not null) return problem;
        return Results.Ok(new { id = subscriptionId, term = term.Number });
    }
}
