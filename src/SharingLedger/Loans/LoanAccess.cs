using Marten;
using Marten.Services.BatchQuerying;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Membership;

namespace SharingLedger.Loans;

/// <summary>Loads what loan decisions and queries read: the agreement, a consortium's loans and members.</summary>
public static class LoanAccess
{
    /// <summary>A member system sees and acts on the loans it borrows or lends only; staff and operators on all.</summary>
    public static bool IsParty(HttpContext http, Loan loan) => Access.Actor.MayActFor(http, loan.BorrowerId) || Access.Actor.MayActFor(http, loan.LenderId);

    /// <summary>
    /// The consortium's agreement, its terms without the signatories (<see cref="AgreementTerms"/>): what loan decisions read.
    /// </summary>
    public static async Task<Agreement?> AgreementAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        await AgreementTermsBackfill.TermsAsync(session, StreamIds.Agreement(consortiumId), ct);

    public static async Task<Member?> MemberAsync(IQuerySession session, Guid consortiumId, Guid memberId, CancellationToken ct) =>
        OfConsortium(await session.LoadAsync<Member>(memberId, ct), consortiumId);

    /// <summary>The member if it belongs to the consortium (another consortium's member is no member here).</summary>
    public static Member? OfConsortium(Member? member, Guid consortiumId) => member is { } m && m.ConsortiumId == consortiumId ? m : null;

    public static async Task<List<Member>> MembersAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        [.. await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).ToListAsync(ct)];

    /// <summary>Loans a member borrowed or lent (every loan of the consortium when <paramref name="memberId"/> is null).</summary>
    public static async Task<List<Loan>> LoansAsync(IQuerySession session, Guid consortiumId, Guid? memberId, CancellationToken ct) =>
        [.. await Loans(session, consortiumId, memberId).ToListAsync(ct)];

    /// <summary>
    /// The borrower's requests with this request id, as much of each as a new request is checked against (four fields picked
    /// out by PostgreSQL, not the loan's whole document with its history).
    /// </summary>
    public static ITransformedBatchQueryable<BorrowerRequest> WithRequestId(IBatchedQueryable<Loan> loans, Guid consortiumId, Guid borrowerId, string requestId) =>
        loans.Where(RequestIdIs(consortiumId, borrowerId, requestId))
            .Select(l => new BorrowerRequest { Id = l.Id, RequestId = l.RequestId, RequestedOn = l.RequestedOn, State = l.State });

    /// <summary>The borrower's loans with this request id, found in the borrower's index (not every loan it ever borrowed).</summary>
    public static async Task<List<Loan>> WithRequestIdAsync(IQuerySession session, Guid consortiumId, Guid borrowerId, string? requestId, CancellationToken ct) =>
        [.. await WithRequestIdQuery(session, consortiumId, borrowerId, requestId).ToListAsync(ct)];

    /// <summary>The query of <see cref="WithRequestIdAsync"/>: one probe of the (borrower, request id) index (<see cref="LoansSetup"/>).</summary>
    public static IQueryable<Loan> WithRequestIdQuery(IQuerySession session, Guid consortiumId, Guid borrowerId, string? requestId) =>
        session.Query<Loan>().Where(RequestIdIs(consortiumId, borrowerId, requestId));

    private static System.Linq.Expressions.Expression<Func<Loan, bool>> RequestIdIs(Guid consortiumId, Guid borrowerId, string? requestId) =>
        l => l.ConsortiumId == consortiumId && l.BorrowerId == borrowerId && l.RequestId == requestId;

    /// <summary>The consortium's loans, or those a member borrowed or lent, as a query still to be ordered and paged.</summary>
    public static IQueryable<Loan> Loans(IQuerySession session, Guid consortiumId, Guid? memberId)
    {
        var query = session.Query<Loan>().Where(l => l.ConsortiumId == consortiumId);
        if (memberId is { } id) query = query.Where(l => l.BorrowerId == id || l.LenderId == id);
        return query;
    }
}

/// <summary>A borrower's request as a new request of the same borrower is checked against it (<see cref="LoanAccess.WithRequestId"/>).</summary>
public sealed class BorrowerRequest
{
    public Guid Id { get; set; }
    public string RequestId { get; set; } = "";
    public NodaTime.LocalDate RequestedOn { get; set; }
    public LoanState State { get; set; }
}
