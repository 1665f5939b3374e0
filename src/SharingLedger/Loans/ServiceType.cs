namespace SharingLedger.Loans;

/// <summary>
/// What the borrower asked for (ISO 18626 ServiceType): the item itself on loan, a copy of part of it, or either, as the
/// lender decides (copyOrLoan: the request becomes a loan when the lender ships it, a copy when it delivers a copy).
/// </summary>
public enum ServiceType { Loan, Copy, CopyOrLoan }
