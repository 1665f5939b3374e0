using Marten.Events.Aggregation;
using SharingLedger.Infrastructure.Marten;

namespace SharingLedger.Loans;

/// <summary>
/// A loan's <see cref="ChargedLoan"/>, inline (in the transaction that appends the loan's events, so a clearing never reads it
/// stale): created with the request, its charge and replacement bill kept as the <see cref="Loan"/> snapshot keeps them. A bulk
/// import, which runs no projection, writes it itself from the loans it folded (Import/LoanHistoryImport).
/// </summary>
public sealed partial class ChargedLoanProjection : SingleStreamProjection<ChargedLoan, Guid>
{
    public ChargedLoanProjection() => Options.BatchSize = RebuildBatch.Size;

    /// <summary>The event types this projection creates or changes a <see cref="ChargedLoan"/> with (its <c>Create</c>'s and <c>Apply</c>s'), read from the class itself.</summary>
    public static readonly IReadOnlySet<Type> EventTypes = typeof(ChargedLoanProjection).GetMethods()
        .Where(m => m is { IsStatic: true, IsPublic: true, Name: nameof(Create) or nameof(Apply) } && m.GetParameters().Length >= 1)
        .Select(m => m.GetParameters()[0].ParameterType).ToHashSet();

    public static ChargedLoan Create(LoanRequested e) => new() { Id = e.LoanId, RequestId = e.RequestId };

    public static void Apply(LendingCharged e, ChargedLoan loan) => loan.Charge = e;

    public static void Apply(LendingChargeRestated e, ChargedLoan loan) => loan.Charge = e.Charge;

    public static void Apply(ReplacementCharged e, ChargedLoan loan) => loan.Replacement = e;
}
