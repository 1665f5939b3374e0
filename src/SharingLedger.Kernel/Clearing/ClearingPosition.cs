using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>
/// A member's month: what it lent (is owed), what it borrowed (owes), the fees it pays, and the net,
/// Lent − Borrowed − Fees. A positive net is owed to the member (a credit note); a negative one it owes
/// (an invoice).
/// </summary>
public sealed record ClearingPosition(string MemberId, M Lent, M Borrowed, M Fees, M Net, int BilledBorrowings);
