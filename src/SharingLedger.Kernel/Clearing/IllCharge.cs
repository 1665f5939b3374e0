using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>
/// A lending charge posted when the lender shipped. The borrower may have stated a maximum cost; a
/// charge above it is billed only if the borrower accepted the lender's conditional offer.
/// </summary>
public sealed record IllCharge(string Borrower, string Lender, M Charge, M? MaxCost = null, bool ConditionAccepted = false);
