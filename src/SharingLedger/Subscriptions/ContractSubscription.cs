using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

public sealed record ParticipantInput(Guid MemberId, LocalDate? From);

/// <summary>
/// Contract a shared subscription. <c>sharingTerm</c> names a cost-sharing term of the agreement in
/// force on <c>termStart</c>. Optional history from before the ledger: each member's previous-term share
/// (for increase caps, and the phase-in's starting point in its year 1), the phase-in year, and from year 2 on the
/// shares of the term before the phase-in began (<c>sharesBeforePhaseIn</c>); standalone prices for caps and savings.
/// </summary>
public sealed record ContractSubscription(
    string Vendor,
    string Resource,
    LocalDate? TermStart,
    LocalDate? TermEnd,
    MoneyInput? Price,
    IReadOnlyList<ParticipantInput>? Participants,
    string SharingTerm,
    IReadOnlyDictionary<Guid, MoneyInput>? StandalonePrices = null,
    IReadOnlyDictionary<Guid, MoneyInput>? PreviousShares = null,
    int? PhaseInYear = null,
    IReadOnlyDictionary<Guid, MoneyInput>? SharesBeforePhaseIn = null);

public static class ContractSubscriptionEndpoint
{
    /// <summary>Contract a shared subscription: vendor, resource, term, price, participants and the agreement's named sharing term.</summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions")]
    public static async Task<IResult> Post(Guid consortiumId, ContractSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var v = new Validation().NotBlank(command.Vendor, "vendor").NotBlank(command.Resource, "resource");
        var price = v.Money(command.Price, "price", positive: true);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
        var term = TermRules.Check(v, command.TermStart, command.TermEnd, agreement, command.SharingTerm);
        var participants = TermRules.Participants(v, command.Participants, members, command.TermStart, command.TermEnd);
        var standalone = TermRules.MemberAmounts(v, command.StandalonePrices, "standalonePrices", members, consortium.BaseCurrency);
        var previous = TermRules.MemberAmounts(v, command.PreviousShares, "previousShares", members, consortium.BaseCurrency);
        var before = TermRules.MemberAmounts(v, command.SharesBeforePhaseIn, "sharesBeforePhaseIn", members, consortium.BaseCurrency);
        if (command.PhaseInYear is { } year)
        {
            v.Require(term?.Term.PhaseInYears is not null, "phaseInYear", "The sharing term has no phase-in.");
            v.Require(year >= 1 && year <= (term?.Term.PhaseInYears ?? 0), "phaseInYear", $"Must be from 1 to {term?.Term.PhaseInYears}.");
            if (year == 1)
            {
                v.Require(previous is { Count: > 0 }, "previousShares", "A phase-in starts from the previous term's shares.");
                v.Require(command.SharesBeforePhaseIn is null, "sharesBeforePhaseIn", "In year 1 of a phase-in the shares before it are the previous term's shares; give previousShares only.");
                before = previous;
            }
            else
                v.Require(before is { Count: > 0 }, "sharesBeforePhaseIn", $"Year {year} of a phase-in moves from the shares of the term before the phase-in began; give them (previousShares are last term's, for caps).");
        }
        else v.Require(command.SharesBeforePhaseIn is null, "sharesBeforePhaseIn", "Only a term in a phase-in has shares before the phase-in.");
        if (term is not null) TermRules.CheckFixedPercentages(v, term.Term, participants);
        if (!v.IsValid) return v.Problem();

        var id = Guid.CreateVersion7();
        session.Events.StartStream<Subscription>(id, new SubscriptionContracted(id, consortiumId, command.Vendor.Trim(), command.Resource.Trim(),
            command.TermStart!.Value, command.TermEnd!.Value, price!.Value, participants, command.SharingTerm, term!.Term,
            term.Agreement.AgreementId, term.Agreement.Version, standalone, previous, command.PhaseInYear, clock.GetCurrentInstant(),
            command.PhaseInYear is null ? null : before));
        return Results.Created($"/consortia/{consortiumId}/subscriptions/{id}", new { id });
    }
}
