using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.InKind;

/// <summary>Record <paramref name="Quantity"/> units of <paramref name="Kind"/> given by the member on <paramref name="ProvidedOn"/>.</summary>
public sealed record RecordInKindContribution(string? Kind, decimal? Quantity, LocalDate? ProvidedOn, string? Description);

public static class RecordInKindContributionEndpoint
{
    /// <summary>Record a service or goods a member contributed in kind, valued at the agreement's rate and credited against its dues.</summary>
    [ProducesResponseType(typeof(InKindContributionRecorded), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/members/{memberId}/in-kind-contributions")]
    public static async Task<IResult> Post(Guid consortiumId, Guid memberId, RecordInKindContribution? command, IDocumentSession session, IClock clock,
        CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var v = new Validation().NotBlank(command.Kind, "kind", 64).NotBlank(command.Description, "description", 500).Date(command.ProvidedOn, "providedOn");
        if (command.Quantity is not { } quantity) v.Add("quantity", "Required.");
        else v.Require(quantity > 0 && quantity <= 100_000 && decimal.Round(quantity, 2) == quantity, "quantity",
            "More than zero, at most 100000, with at most two decimal places.");
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        if (command.ProvidedOn is { } on)
        {
            v.Require(on <= today, "providedOn", $"Cannot be after today ({today:uuuu-MM-dd}).");
            v.Require(member.IsActiveOn(on), "providedOn", $"Member {member.Code} is not a member on {on:uuuu-MM-dd}.");
        }
        if (!v.IsValid) return v.Problem();

        var date = command.ProvidedOn!.Value;
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var version = agreement?.InForceOn(date);
        if (version is null) return Problems.RuleViolated("providedOn", $"No agreement version is in force on {date:uuuu-MM-dd}.");
        var kind = command.Kind!.Trim();
        if (version.InKind?.GetValueOrDefault(kind) is not { Unit: { } unit, Rate: { } rate })
            return Problems.RuleViolated("kind", $"Agreement version {version.Version} sets no in-kind rate for '{kind}'" +
                (version.InKind is { Count: > 0 } rates ? $"; it has: {string.Join(", ", rates.Keys.Order(StringComparer.Ordinal))}." : "; it has none."));

        var year = calendar.YearOf(date);
        var dues = await session.LoadAsync<DuesAssessment>(StreamIds.Dues(consortiumId, year), ct);
        if (dues?.ShareOf(memberId) is not { } share || !share.Amount.IsPositive)
            return Problems.RuleViolated("providedOn", $"Member {member.Code} has no dues assessed for fiscal year {year}; an in-kind contribution is credited against them.");

        var value = Valuation.Value(command.Quantity!.Value, rate);
        if (!value.IsPositive) return Problems.RuleViolated("quantity", $"{command.Quantity} {unit} at {rate} is worth nothing once rounded.");

        var streamId = InKindContributions.StreamFor(consortiumId, memberId, year);
        var stream = await session.Events.FetchForWriting<InKindContributions>(streamId, ct);
        var credited = new Money(stream.Aggregate?.CreditedMinor ?? 0, share.Amount.Currency);
        var left = share.Amount - credited;
        if (value > left)
            return Problems.RuleViolated("quantity", $"Worth {value}, but only {left} of the {year} dues of {share.Amount} is left to credit in kind " +
                $"({credited} credited already).");

        var e = new InKindContributionRecorded(Guid.NewGuid(), consortiumId, memberId, member.Code, year, kind, unit, command.Quantity.Value, rate, value,
            date, command.Description!.Trim(), version.AgreementId, version.Version, dues.Assessed.AssessmentId, $"dues:{dues.Assessed.AssessmentId:N}",
            clock.GetCurrentInstant());
        stream.AppendOne(e);
        return Results.Created($"/consortia/{consortiumId}/members/{memberId}/obligations?fiscalYear={year}", e);
    }
}
