namespace SharingLedger.Kernel.Lending;

/// <summary>How fast the borrower wants it (ISO 18626 ServiceLevel); the fee schedule prices each level.</summary>
public enum ServiceLevel { Normal, Rush, Express }
