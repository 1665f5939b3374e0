using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Membership;

/// <summary>What an admission is decided against besides the command: the hub it names, and whether its code is taken.</summary>
public sealed record AdmissionFacts(Member? Hub, bool CodeTaken);

/// <summary>The hub a change of details names (null when it names none or it does not exist).</summary>
public sealed record HubFact(Member? Hub);

/// <summary>The consortium's other members, whose identifiers a member's may not repeat.</summary>
public sealed record OtherMembers(IReadOnlyList<Member> Members);

/// <summary>
/// The membership decisions, free of HTTP and storage: given the member (for a change, as loaded for writing), the facts
/// read for the command and the command, the event it records or why it records nothing. Rule violations (422) are
/// reported together; a stale version or an existing fact (409) as the endpoints always did.
/// </summary>
public static class MembershipDecisions
{
    public static Decision Admit(AdmitMember c, Consortium consortium, AdmissionFacts facts, Guid id, Instant now)
    {
        var v = new Validation()
            .NotBlank(c.Code, "code", 32)
            .NotBlank(c.Name, "name")
            .Require(c.Kind is not null, "kind", "Required: academic, public, school, special or enterprise.")
            .Require(c.Fte is not null, "fte", "Required (0 when the library has no students or staff to count).")
            .NonNegative(c.Fte, "fte")
            .Require(c.Population is null or >= 0, "population", "Cannot be negative.")
            .Date(c.EffectiveFrom, "effectiveFrom");
        var budget = v.Money(c.MaterialsBudget, "materialsBudget", currency: consortium.BaseCurrency);
        HubRules.Check(v, consortium, c.HubId, facts.Hub, "hubId");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        var code = c.Code.Trim();
        if (facts.CodeTaken) return new Decision.Conflict($"The consortium already has a member with code '{code}'.");
        return Decision.Accept(new MemberAdmitted(id, consortium.Id, code, c.Name.Trim(), c.Kind!.Value, c.Fte!.Value, c.Population ?? 0,
            budget!.Value, c.HubId, c.EffectiveFrom!.Value, now));
    }

    public static Decision ChangeDetails(Member member, ChangeMemberDetails c, Consortium consortium, Member? hub, Instant now)
    {
        if (c.ExpectedVersion is { } expected && expected != member.Version)
            return new Decision.Conflict($"The member is at version {member.Version}, not {expected}; reload and try again.");
        var v = new Validation()
            .Date(c.EffectiveFrom, "effectiveFrom")
            .NonNegative(c.Fte, "fte")
            .Require(c.Population is null or >= 0, "population", "Cannot be negative.")
            .Require(c.Name is null || !string.IsNullOrWhiteSpace(c.Name), "name", "Cannot be blank.")
            .Require(!(c.ClearHub == true && c.HubId is not null), "hubId", "Give a hub or clear it, not both.");
        var budget = c.MaterialsBudget is null ? null : v.Money(c.MaterialsBudget, "materialsBudget", currency: consortium.BaseCurrency);
        HubRules.Check(v, consortium, c.HubId, hub, "hubId", self: member.Id);
        if (c.EffectiveFrom is { } from)
        {
            v.Require(from >= member.AdmittedOn, "effectiveFrom", $"The member was admitted on {member.AdmittedOn:uuuu-MM-dd}; a change cannot take effect before that.");
            v.Require(member.WithdrawnOn is null || from < member.WithdrawnOn, "effectiveFrom", "The member had withdrawn by then.");
        }
        if (c is { Name: null, Kind: null, Fte: null, Population: null, MaterialsBudget: null, HubId: null } && c.ClearHub != true)
            v.Add("body", "Nothing to change: give at least one of name, kind, fte, population, materialsBudget, hubId, clearHub.");
        return Decision.AcceptUnless(v, () => new MemberDetailsChanged(member.Id, member.ConsortiumId, c.EffectiveFrom!.Value, c.Name?.Trim(), c.Kind,
            c.Fte, c.Population, budget, c.HubId, c.ClearHub == true, now));
    }

    /// <summary>A list given replaces the member's (cleaned: trimmed, blanks and repeats dropped); a list left out stays.</summary>
    public static Decision SetIdentifiers(Member member, SetMemberIdentifiers c, IReadOnlyList<Member> others, Instant now)
    {
        if (c.CounterInstitutionIds is null && c.IllAgencyIds is null)
            return new Decision.Invalid(
            [
                new FieldError("counterInstitutionIds", "Give counterInstitutionIds, illAgencyIds or both; a list left out stays as it is, [] clears it."),
                new FieldError("illAgencyIds", "Give counterInstitutionIds, illAgencyIds or both; a list left out stays as it is, [] clears it."),
            ]);
        var counter = c.CounterInstitutionIds is null ? member.CounterInstitutionIds.ToList() : Clean(c.CounterInstitutionIds);
        var ill = c.IllAgencyIds is null ? member.IllAgencyIds.ToList() : Clean(c.IllAgencyIds);
        var v = new Validation();
        foreach (var (list, field) in new[] { (counter, "counterInstitutionIds"), (ill, "illAgencyIds") })
        {
            v.Require(list.All(x => x.Length <= 200), field, "Each identifier is at most 200 characters.");
            v.Require(list.Count <= 20, field, "At most 20 identifiers.");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        var clash = others.Where(o => o.Id != member.Id && o.ConsortiumId == member.ConsortiumId)
            .FirstOrDefault(o => o.CounterInstitutionIds.Intersect(counter, StringComparer.OrdinalIgnoreCase).Any()
                                 || o.IllAgencyIds.Intersect(ill, StringComparer.OrdinalIgnoreCase).Any());
        if (clash is not null) return new Decision.Conflict($"An identifier given already belongs to member {clash.Code}.");
        return Decision.Accept(new MemberIdentifiersSet(member.Id, member.ConsortiumId, counter, ill, now));
    }

    public static Decision Withdraw(Member member, WithdrawMember c, Instant now)
    {
        if (member.WithdrawnOn is not null)
            return new Decision.Conflict($"Member {member.Code} already withdrew with effect from {member.WithdrawnOn:uuuu-MM-dd}.");
        var v = new Validation().Date(c.EffectiveFrom, "effectiveFrom").NotBlank(c.Reason, "reason", 500);
        if (c.EffectiveFrom is { } from)
            v.Require(from > member.AdmittedOn, "effectiveFrom", $"The member was admitted on {member.AdmittedOn:uuuu-MM-dd}; it can only withdraw after that.");
        return Decision.AcceptUnless(v, () => new MemberWithdrawn(member.Id, member.ConsortiumId, c.EffectiveFrom!.Value, c.Reason.Trim(), now));
    }

    private static List<string> Clean(IReadOnlyList<string> ids) =>
        ids.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
