using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public sealed record CancelSubscription(LocalDate? EffectiveFrom, string Reason);

public static class CancelSubscriptionEndpoint
{
    /// <summary>Cancel the subscription: it is not renewed and nobody joins it from <c>effectiveFrom</c> on. What was invoiced stays owed.</summary>
    [ProducesResponseType(typeof(SubscriptionCancellation), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/cancellation")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, CancelSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        if (loaded.Subscription.CancelledFrom is { } was) return Problems.Conflict($"The subscription was already cancelled from {was:uuuu-MM-dd}.");

        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom").NotBlank(command.Reason, "reason", 500);
        if (command.EffectiveFrom is { } from)
            v.Require(from > loaded.Subscription.Terms[0].Start, "effectiveFrom", "A cancellation takes effect after the first term starts.");
        if (!v.IsValid) return v.Problem();

        loaded.Stream.AppendOne(new SubscriptionCancelled(subscriptionId, command.EffectiveFrom!.Value, command.Reason.Trim(), clock.GetCurrentInstant()));
        return Results.Ok(new { id = subscriptionId, cancelledFrom = command.EffectiveFrom });
    }
}

/// <summary>The subscription and the date it is cancelled from.</summary>
public sealed record SubscriptionCancellation(Guid Id, LocalDate CancelledFrom);
