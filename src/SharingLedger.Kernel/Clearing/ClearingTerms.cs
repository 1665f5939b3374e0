using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>
/// The clearing service's terms: a fee per billed borrowing, paid by the borrower to the fund, and the
/// reciprocal groups whose members lend to each other free.
/// </summary>
public sealed record ClearingTerms(M TransactionFee, IReadOnlyList<IReadOnlyList<string>>? ReciprocalGroups = null);
