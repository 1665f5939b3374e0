using NodaTime;

namespace SharingLedger.Kernel.Lending;

/// <summary>
/// The dates of one request that its service times are judged on.
/// </summary>
/// <param name="Requested">The day the borrower asked.</param>
/// <param name="Answered">The lender's first answer of any kind (expect to supply, will supply, hold, condition, unfilled, retry, or the shipment itself).</param>
/// <param name="Shipped">When the lender shipped the loan or delivered the copy.</param>
/// <param name="Refused">When the lender said it will not supply (unfilled, retry possible): there is nothing left to ship.</param>
/// <param name="Withdrawn">When the request ended on the borrower's side (cancelled, condition declined) before anything shipped.</param>
/// <param name="ShipExempt">The shipment waits on something outside the lender's hands (a hold on an item on loan elsewhere, a condition the borrower must answer).</param>
public sealed record ServiceTimeline(
    LocalDate Requested,
    LocalDate? Answered = null,
    LocalDate? Shipped = null,
    LocalDate? Refused = null,
    LocalDate? Withdrawn = null,
    bool ShipExempt = false);
