using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>The checks a subscription term must pass; each failure names its field.</summary>
public static class TermRules
{
    public sealed record ChosenTerm(AgreementAdopted Agreement, SharingTerm Term);

    /// <summary>Dates in order and at most five years; the named sharing term of the agreement in force on the start.</summary>
    public static ChosenTerm? Check(Validation v, LocalDate? start, LocalDate? end, Agreement? agreement, string? sharingTerm, string prefix = "")
    {
        v.Date(start, prefix + "termStart").Date(end, prefix + "termEnd");
        if (start is null || end is null) return null;
        v.Require(end >= start, prefix + "termEnd", "The term cannot end before it starts.");
        v.Require(end < start.Value.PlusYears(5), prefix + "termEnd", "A term is at most five years.");
        var inForce = agreement?.InForceOn(start.Value);
        if (inForce is null)
        {
            v.Add(prefix + "termStart", $"No agreement is in force on {start:uuuu-MM-dd}.");
            return null;
        }
        if (string.IsNullOrWhiteSpace(sharingTerm) || inForce.CostSharing?.TryGetValue(sharingTerm, out var term) != true)
        {
            var known = inForce.CostSharing is { Count: > 0 } terms ? string.Join(", ", terms.Keys) : "none";
            v.Add("sharingTerm", $"Agreement version {inForce.Version} has no cost-sharing term '{sharingTerm}' (it has: {known}).");
            return null;
        }
        return new ChosenTerm(inForce, term!);
    }

    /// <summary>Participants: members of the consortium, active when they start, each once, starting within the term.</summary>
    public static List<Participation> Participants(Validation v, IReadOnlyList<ParticipantInput>? input,
        IReadOnlyDictionary<Guid, Member> members, LocalDate? start, LocalDate? end)
    {
        var list = input ?? [];
        if (list.Count == 0) v.Add("participants", "At least one participating member is needed.");
        var result = new List<Participation>();
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            var field = $"participants[{i}]";
            if (!members.TryGetValue(p.MemberId, out var member)) { v.Add(field + ".memberId", $"{p.MemberId} is not a member of this consortium."); continue; }
            if (list.Take(i).Any(x => x.MemberId == p.MemberId)) { v.Add(field + ".memberId", $"Member {member.Code} is listed twice; a member takes part once per term."); continue; }
            var from = p.From ?? start;
            if (p.From is { } f && start is not null && end is not null && (f < start || f > end))
                v.Add(field + ".from", $"{f:uuuu-MM-dd} is outside the term.");
            else if (from is { } day && !member.IsActiveOn(day))
                v.Add(field + ".memberId", $"Member {member.Code} is not an active member on {day:uuuu-MM-dd}.");
            result.Add(new Participation(p.MemberId, p.From is { } fromDate && fromDate > start ? fromDate : null));
        }
        return result;
    }

    /// <summary>Amounts per member in the base currency (standalone prices, previous shares).</summary>
    public static Dictionary<Guid, Money>? MemberAmounts(Validation v, IReadOnlyDictionary<Guid, MoneyInput>? input, string field,
        IReadOnlyDictionary<Guid, Member> members, string baseCurrency)
    {
        if (input is null) return null;
        var result = new Dictionary<Guid, Money>();
        foreach (var (id, amount) in input)
        {
            if (!members.ContainsKey(id)) { v.Add($"{field}.{id}", $"{id} is not a member of this consortium."); continue; }
            if (v.Money(amount, $"{field}.{id}", currency: baseCurrency) is { } money) result[id] = money;
        }
        return result;
    }

    /// <summary>Fixed percentages name members, so they must name exactly the participants.</summary>
    public static void CheckFixedPercentages(Validation v, SharingTerm term, IReadOnlyList<Participation> participants)
    {
        if (term.Rule.Method != SharingMethod.Fixed || term.Rule.Percentages is null) return;
        var named = term.Rule.Percentages.Keys.ToHashSet();
        var taking = participants.Select(p => p.MemberId.ToString("D")).ToHashSet();
        v.Require(named.SetEquals(taking), "participants", "The sharing term's fixed percentages name other members than the participants.");
    }
}
