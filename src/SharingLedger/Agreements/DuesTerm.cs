using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Agreements;

/// <summary>The agreement's term for annual dues: how much in all, and the rule that splits it.</summary>
public sealed record DuesTerm(Money AnnualAmount, CostSharingRule Rule);
