namespace SharingLedger.Loans;

/// <summary>
/// What the borrower asked for (ISO 18626 ServiceType): the item itself on loan, a copy of part of it, or either, as the
/// lender decides (<see cref="CopyOrLoan"/>: the loan becomes a <see cref="Loan"/> when the lender ships it, a
/// <see cref="Copy"/> when it delivers a copy).
/// </summary>
public enum ServiceType { Loan, Copy, CopyOrLoan }
