using NodaTime;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// When someone joins mid-term, the members already billed get the difference between what they were
/// billed and their share of the re-split term back as a credit. When the total is unchanged the credits
/// add up exactly to what the joiners are charged.
/// </summary>
public static class JoinCredits
{
    /// <summary>The credit of every member of <paramref name="billed"/>, each of whom must appear in <paramref name="revised"/>.</summary>
    public static IReadOnlyList<MemberCredit> Between(ProratedApportionment billed, ProratedApportionment revised)
    {
        if (billed.Total.Currency != revised.Total.Currency)
            throw new CostSharingException([new("revised.total", $"The revised term is in {revised.Total.Currency}; the billed one in {billed.Total.Currency}.")]);
        var revisedById = revised.Shares.ToDictionary(s => s.MemberId, StringComparer.Ordinal);
        var missing = billed.Shares.Where(s => !revisedById.ContainsKey(s.MemberId)).Select(s => s.MemberId).ToList();
        if (missing.Count > 0)
            throw new CostSharingException([new("revised.members", $"Billed members missing from the revised term: {string.Join(", ", missing)}; a leave is a To date, not an absence.")]);
        return billed.Shares
            .Select(s => new MemberCredit(s.MemberId, s.Amount, revisedById[s.MemberId].Amount, s.Amount - revisedById[s.MemberId].Amount))
            .ToList();
    }

    /// <summary>Re-splits the term with the joiners added and returns the credits of the members billed before.</summary>
    public static IReadOnlyList<MemberCredit> ForJoin(Money.Money total, LocalDate termStart, LocalDate termEnd, CostSharingRule rule,
        IReadOnlyList<ProratedMember> billedMembers, IReadOnlyList<ProratedMember> joiners)
    {
        var billed = Prorator.Prorate(total, termStart, termEnd, rule, billedMembers);
        var revised = Prorator.Prorate(total, termStart, termEnd, rule, [.. billedMembers, .. joiners]);
        return Between(billed, revised);
    }
}
