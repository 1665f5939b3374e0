using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Renew for a new term. Defaults: the new term starts the day after the current one ends, with the
/// members taking part on its last day, under the same sharing term name (of the agreement in force then).
/// </summary>
public sealed record RenewSubscription(
    LocalDate? TermStart,
    LocalDate? TermEnd,
    MoneyInput? Price,
    string? SharingTerm = null,
    IReadOnlyList<ParticipantInput>? Participants = null,
    IReadOnlyDictionary<Guid, MoneyInput>? StandalonePrices = null);

public static class RenewSubscriptionEndpoint
{
    /// <summary>Renew a shared subscription for another term.</summary>
    [ProducesResponseType(typeof(SubscriptionTermChanged), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/renewals")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, RenewSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var (consortium, stream, subscription) = loaded;
        if (subscription.CancelledFrom is not null) return Problems.Conflict("The subscription was cancelled; it cannot be renewed.");

        var current = subscription.Current;
        var start = command.TermStart ?? current.End.PlusDays(1);
        var v = new Validation();
        v.Require(start > current.End, "termStart", $"The new term must start after the current one ends ({current.End:uuuu-MM-dd}).");
        var price = v.Money(command.Price, "price", positive: true);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
        var name = command.SharingTerm ?? current.SharingTermName;
        var term = TermRules.Check(v, start, command.TermEnd, agreement, name);
        var participants = TermRules.Participants(v,
            command.Participants ?? current.Participants.Where(p => current.TakesPartOn(p.MemberId, current.End))
                .Select(p => new ParticipantInput(p.MemberId, null)).ToList(),
            members, start, command.TermEnd);
        var standalone = TermRules.MemberAmounts(v, command.StandalonePrices, "standalonePrices", members, consortium.BaseCurrency);
        if (term is not null) TermRules.CheckFixedPercentages(v, term.Term, participants);
        if (!v.IsValid) return v.Problem();

        // Last term's shares (the increase caps' base) and the shares before the phase-in began (its starting point)
        // are recorded separately: from a phase-in's second year on they differ.
        var history = subscription.HistoryAfter(current);
        var renewed = new SubscriptionRenewed(subscriptionId, current.Number + 1, start, command.TermEnd!.Value, price!.Value, participants,
            name, term!.Term, term.Agreement.AgreementId, term.Agreement.Version,
            standalone ?? current.StandalonePrices, clock.GetCurrentInstant(),
            history.LastTermShares, history.SharesBeforePhaseIn, history.PhaseInYear);
        stream.AppendOne(renewed);
        return Results.Ok(new { id = subscriptionId, term = renewed.Term });
    }
}
