using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;

namespace SharingLedger.Agreements;

/// <summary>
/// What an adoption is decided against besides the agreement: the members it names (signatories and reciprocal lending
/// groups), by id, as loaded (whatever their consortium), and the consortium's today.
/// </summary>
public sealed record AdoptionFacts(IReadOnlyDictionary<Guid, Member> Members, LocalDate Today);

/// <summary>The agreement's decisions, free of HTTP and storage: given the agreement (null before version 1), the facts and a command, the event or why none.</summary>
public static class AgreementDecisions
{
    public static Decision Adopt(Agreement? current, AdoptAgreement c, Consortium consortium, AdoptionFacts facts, Instant now)
    {
        var nextVersion = (current?.Latest.Version ?? 0) + 1;
        if (c.Version != nextVersion)
            return current is not null && c.Version <= current.Latest.Version
                ? new Decision.Conflict($"Version {c.Version} of the agreement was already adopted; the next version is {nextVersion}.")
                : new Decision.Invalid([new FieldError("version", $"The next version of the agreement is {nextVersion}.")]);

        var v = new Validation().Date(c.EffectiveFrom, "effectiveFrom");
        var retroactive = c.Retroactive == true;
        if (retroactive) AmendmentRules.CheckRetroactive(v, current, c.EffectiveFrom, facts.Today);
        else if (current is not null && c.EffectiveFrom is { } from && from <= current.Latest.EffectiveFrom)
            v.Add("effectiveFrom", $"Version {current.Latest.Version} is effective from {current.Latest.EffectiveFrom:uuuu-MM-dd}; a new version must take effect after that.");
        var signatories = c.Signatories ?? [];
        v.Require(signatories.Count > 0, "signatories", "An agreement needs at least one signatory member.");
        v.Require(signatories.Distinct().Count() == signatories.Count, "signatories", "A member signs once.");
        for (var i = 0; i < signatories.Count; i++)
        {
            if (!facts.Members.TryGetValue(signatories[i], out var m) || m.ConsortiumId != consortium.Id)
                v.Add($"signatories[{i}]", $"{signatories[i]} is not a member of this consortium.");
            else if (m.External)
                v.Add($"signatories[{i}]", $"{m.Code} is an external library: it lends and borrows but has no vote.");
            else if (c.EffectiveFrom is { } date && !m.IsActiveOn(date))
                v.Add($"signatories[{i}]", $"Member {m.Code} is not a member on {date:uuuu-MM-dd}.");
        }
        var amount = v.Money(c.Dues?.AnnualAmount, "dues.annualAmount", positive: true, currency: consortium.BaseCurrency);
        if (c.Dues?.Rule is null) v.Add("dues.rule", "Required.");
        else foreach (var violation in RuleValidation.Check(c.Dues.Rule, "dues.rule")) v.Add(violation.Field, violation.Message);
        SharingTermValidation.Check(v, c.CostSharing, consortium.BaseCurrency);
        InKindRates.Check(v, c.InKind, consortium.BaseCurrency);
        if (c.Lending is { } lending)
            LendingFeesValidation.Check(v, lending, consortium.BaseCurrency,
                facts.Members.Values.Where(m => m.ConsortiumId == consortium.Id).Select(m => m.Id).ToHashSet());

        return Decision.AcceptUnless(v, () => new AgreementAdopted(StreamIds.Agreement(consortium.Id), consortium.Id, c.Version, c.EffectiveFrom!.Value,
            signatories, new DuesTerm(amount!.Value, c.Dues!.Rule!), now, c.CostSharing, c.Lending, retroactive, c.InKind));
    }

    /// <summary>The members an adoption names: its signatories and the members of its reciprocal lending groups.</summary>
    public static IEnumerable<Guid> MembersNamed(AdoptAgreement c) =>
        (c.Signatories ?? []).Concat((c.Lending?.ReciprocalGroups ?? []).Where(g => g is not null).SelectMany(g => g)).Distinct();
}
