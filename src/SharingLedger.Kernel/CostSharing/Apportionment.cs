namespace SharingLedger.Kernel.CostSharing;

/// <summary>The result of splitting one cost: shares that add up exactly to the total.</summary>
public sealed record Apportionment(Money.Money Total, CostSharingRule Rule, IReadOnlyList<MemberShare> Shares)
{
    public MemberShare For(string memberId) =>
        Shares.FirstOrDefault(s => s.MemberId == memberId)
        ?? throw new KeyNotFoundException($"Member {memberId} has no share in this apportionment.");
}
