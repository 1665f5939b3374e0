namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// Splits a cost among members by a rule: exact fractions, then phase-in, caps and floors, rounded once
/// at the end by largest remainder (ties to the member id that sorts first). To split many costs among
/// the same members, <see cref="PreparedRule.Prepare"/> once and apportion each cost against it.
/// </summary>
public static class Apportioner
{
    public static Apportionment Apportion(Money.Money total, CostSharingRule rule, IReadOnlyList<MemberFigures> members) =>
        Apportion(total, rule, members, ShareModifiers.None);

    public static Apportionment Apportion(Money.Money total, CostSharingRule rule, IReadOnlyList<MemberFigures> members, ShareModifiers modifiers) =>
        PreparedRule.Prepare(rule, members).Apportion(total, modifiers);
}
