namespace SharingLedger.Loans;

/// <summary>
/// Where a loan or copy request stands. The names follow the ISO 18626 supplier statuses (RequestReceived is
/// <see cref="Requested"/>, Loaned is <see cref="Shipped"/>), plus the borrower's own steps and ISO 10161's Lost and Damaged.
/// </summary>
public enum LoanState
{
    Requested,
    ExpectToSupply,
    WillSupply,
    HoldPlaced,
    Conditional,
    RetryPossible,
    Unfilled,
    Cancelled,
    Shipped,
    Received,
    Overdue,
    Recalled,
    ReturnShipped,
    LoanCompleted,
    CopyCompleted,
    CompletedWithoutReturn,
    Damaged,
    Lost,
    ReplacementBilled,
}
