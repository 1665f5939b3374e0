using SharingLedger.Kernel.Arithmetic;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Reimbursement;

/// <summary>
/// One member's payment from the pool, with the exact parts that explain it (minor units): the part
/// paid per loan supplied and the part paid for net lending.
/// </summary>
public sealed record ReimbursementShare(
    string MemberId,
    M Amount,
    Fraction ExactMinor,
    long RoundingAdjustmentMinor,
    LendingCounts Counts,
    Fraction PerLoanPartMinor,
    Fraction NetLendingPartMinor);
