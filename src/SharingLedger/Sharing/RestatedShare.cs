using SharingLedger.Kernel.Money;

namespace SharingLedger.Sharing;

/// <summary>
/// One member's share of a cost before and after it was priced again under a retroactive amendment
/// (zero where it had none); <paramref name="Difference"/> is after − before, what the adjusting entry posts.
/// </summary>
public sealed record RestatedShare(Guid MemberId, string MemberCode, Money Before, Money After, Money Difference);
