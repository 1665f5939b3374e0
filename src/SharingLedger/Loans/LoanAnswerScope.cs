using JasperFx.Events;
using Marten;
using SharingLedger.Infrastructure.Answers;

namespace SharingLedger.Loans;

/// <summary>
/// A loan's events change only its borrower's and its lender's stored answers (their lending figures; the clearing's
/// settlement, which reaches every member, is an event of its own). The request and the charges name both; for any other
/// step they are read from the loans' snapshots, as they were before the step (a loan's parties never change).
/// </summary>
public sealed class LoanAnswerScope : IAnswerScope
{
    public bool Claims(IEvent e) => e.Data is ILoanStep or LendingCharged or LoanCancellationRequested or LoanCancellationDeclined;

    public async Task<IReadOnlyCollection<Guid>> MembersAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var members = new HashSet<Guid>();
        var named = new HashSet<Guid>();
        foreach (var e in events)
            switch (e.Data)
            {
                case LoanRequested r: members.Add(r.BorrowerId); members.Add(r.LenderId); named.Add(r.LoanId); break;
                case LendingCharged c: members.Add(c.BorrowerId); members.Add(c.LenderId); named.Add(c.LoanId); break;
                case ReplacementCharged c: members.Add(c.BorrowerId); members.Add(c.LenderId); named.Add(c.LoanId); break;
            }
        var others = events.Select(e => LoanOf(e.Data)).Where(id => !named.Contains(id)).Distinct().ToArray();
        if (others.Length > 0)
        {
            var loans = await operations.LoadManyAsync<Loan>(ct, others);
            foreach (var loan in loans)
            {
                members.Add(loan.BorrowerId);
                members.Add(loan.LenderId);
            }
            if (loans.Count < others.Length) members.Add(Guid.Empty); // a loan without a snapshot: answer for the whole consortium
        }
        return members;
    }

    private static Guid LoanOf(object data) => data switch
    {
        ILoanStep s => s.LoanId,
        LendingCharged c => c.LoanId,
        LoanCancellationRequested c => c.LoanId,
        LoanCancellationDeclined d => d.LoanId,
        _ => throw new ArgumentOutOfRangeException(nameof(data), "not a loan event"),
    };
}
