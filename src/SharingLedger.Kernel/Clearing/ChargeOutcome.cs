namespace SharingLedger.Kernel.Clearing;

/// <summary>What clearing did with one charge.</summary>
public enum ChargeOutcome
{
    /// <summary>Billed to the borrower, credited to the lender; the borrower also pays the transaction fee.</summary>
    Billed,
    /// <summary>Lender and borrower share a reciprocal group: lent free, no fee.</summary>
    ReciprocalFree,
    /// <summary>Above the borrower's maximum cost without an accepted condition: not billed, no fee.</summary>
    AboveMaxCost,
    /// <summary>A charge of zero: nothing to bill, no fee.</summary>
    NoCharge,
}
