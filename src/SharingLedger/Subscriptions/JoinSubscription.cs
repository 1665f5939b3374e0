using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public sealed record JoinSubscription(Guid MemberId, LocalDate? From);

public static class JoinSubscriptionEndpoint
{
    /// <summary>A member joins the current term mid-term; an invoiced term is split again and earlier payers are credited.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/participants")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, JoinSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var (_, stream, subscription) = loaded;
        var term = subscription.Current;
        var member = await session.LoadAsync<Membership.Member>(command.MemberId, ct);

        var v = new Validation().Date(command.From, "from");
        if (member is null || member.ConsortiumId != consortiumId) v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
        if (command.From is { } from && member is not null && member.ConsortiumId == consortiumId)
        {
            v.Require(term.Contains(from), "from", $"{from:uuuu-MM-dd} is outside the current term ({term.Start:uuuu-MM-dd} to {term.End:uuuu-MM-dd}).");
            v.Require(member.IsActiveOn(from), "memberId", $"Member {member.Code} is not an active member on {from:uuuu-MM-dd}.");
            v.Require(!term.Overlaps(member.Id, from, term.End), "memberId", $"Member {member.Code} already takes part in this term then; a member cannot be in two overlapping parts of one term.");
            v.Require(subscription.CancelledFrom is null || from < subscription.CancelledFrom, "from", "The subscription is cancelled by then.");
        }
        if (!v.IsValid) return v.Problem();

        var now = clock.GetCurrentInstant();
        var joined = new SubscriptionParticipantJoined(subscriptionId, term.Number, command.MemberId, command.From!.Value, now);
        var participants = term.Participants.Append(new Sharing.Participation(command.MemberId, command.From)).ToList();
        var problem = await Reapportion.AppendWithReapportionAsync(session, stream, subscription, term, joined, participants,
            $"member {member!.Code} joined from {command.From:uuuu-MM-dd}", now, ct);
        if (problem is not null) return problem;
        return Results.Ok(new { id = subscriptionId, term = term.Number });
    }
}

/// <summary>The subscription and the number of the term the change applies to.</summary>
public sealed record SubscriptionTermChanged(Guid Id, int Term);
