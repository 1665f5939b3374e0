using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Clearing;

/// <summary>One charge as cleared: what was billed and the fee it drew (both zero unless billed).</summary>
public sealed record ClearedCharge(int Index, IllCharge Charge, ChargeOutcome Outcome, M Billed, M Fee);
