using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.InKind;

/// <summary>
/// What a contribution is decided against: the agreement (its rates), the dues of the fiscal year the contribution falls in
/// (what it is credited against), and the member's contributions of that year recorded so far (null: none), as loaded for writing.
/// </summary>
public sealed record InKindFacts(Agreement? Agreement, DuesAssessment? Dues, InKindContributions? Recorded);

/// <summary>The in-kind decision, free of HTTP and storage: the contribution valued at the agreement's rate, or why it records nothing (422).</summary>
public static class InKindDecisions
{
    public static Decision Record(RecordInKindContribution c, Consortium consortium, Member member, InKindFacts facts, LocalDate today, Guid contributionId, Instant now)
    {
        var v = new Validation().NotBlank(c.Kind, "kind", 64).NotBlank(c.Description, "description", 500).Date(c.ProvidedOn, "providedOn");
        if (c.Quantity is not { } quantity) v.Add("quantity", "Required.");
        else v.Require(quantity > 0 && quantity <= 100_000 && decimal.Round(quantity, 2) == quantity, "quantity",
            "More than zero, at most 100000, with at most two decimal places.");
        if (c.ProvidedOn is { } on)
        {
            v.Require(on <= today, "providedOn", $"Cannot be after today ({today:uuuu-MM-dd}).");
            v.Require(member.IsActiveOn(on), "providedOn", $"Member {member.Code} is not a member on {on:uuuu-MM-dd}.");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var date = c.ProvidedOn!.Value;
        var version = facts.Agreement?.InForceOn(date);
        if (version is null) return Refuse("providedOn", $"No agreement version is in force on {date:uuuu-MM-dd}.");
        var kind = c.Kind!.Trim();
        if (version.InKind?.GetValueOrDefault(kind) is not { Unit: { } unit, Rate: { } rate })
            return Refuse("kind", $"Agreement version {version.Version} sets no in-kind rate for '{kind}'" +
                (version.InKind is { Count: > 0 } rates ? $"; it has: {string.Join(", ", rates.Keys.Order(StringComparer.Ordinal))}." : "; it has none."));

        var year = consortium.Calendar().YearOf(date);
        var dues = facts.Dues;
        if (dues is null || dues.FiscalYear != year || dues.ShareOf(member.Id) is not { } share || !share.Amount.IsPositive)
            return Refuse("providedOn", $"Member {member.Code} has no dues assessed for fiscal year {year}; an in-kind contribution is credited against them.");

        var value = Valuation.Value(c.Quantity!.Value, rate);
        if (!value.IsPositive) return Refuse("quantity", $"{c.Quantity} {unit} at {rate} is worth nothing once rounded.");
        var credited = new Money(facts.Recorded?.CreditedMinor ?? 0, share.Amount.Currency);
        var left = share.Amount - credited;
        if (value > left)
            return Refuse("quantity", $"Worth {value}, but only {left} of the {year} dues of {share.Amount} is left to credit in kind " +
                $"({credited} credited already).");

        return Decision.Accept(new InKindContributionRecorded(contributionId, consortium.Id, member.Id, member.Code, year, kind, unit, c.Quantity.Value,
            rate, value, date, c.Description!.Trim(), version.AgreementId, version.Version, dues.Assessed.AssessmentId,
            $"dues:{dues.Assessed.AssessmentId:N}", now));
    }

    private static Decision Refuse(string field, string message) => new Decision.Invalid([new FieldError(field, message)]);
}
