using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Proration;

/// <summary>
/// What an already-billed member gets back when the term is re-split: <see cref="Credit"/> is
/// <see cref="Billed"/> − <see cref="Revised"/>, positive when money goes back to the member.
/// </summary>
public sealed record MemberCredit(string MemberId, M Billed, M Revised, M Credit);
