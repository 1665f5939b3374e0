namespace SharingLedger.Procurement;

/// <summary>Where a joint purchase stands: open for answers, awarded to a vendor, or invoiced (and apportioned, unless its split needs a decision).</summary>
public enum ProcurementStatus { Open, Awarded, Invoiced }
