namespace SharingLedger.Procurement;

/// <summary>Where a joint purchase stands: open for answers, awarded to a vendor, or invoiced and apportioned.</summary>
public enum ProcurementStatus { Open, Awarded, Invoiced }
