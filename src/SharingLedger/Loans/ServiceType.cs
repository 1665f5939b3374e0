namespace SharingLedger.Loans;

/// <summary>What the borrower asked for (ISO 18626 ServiceType): the item itself on loan, or a copy of part of it.</summary>
public enum ServiceType { Loan, Copy }
