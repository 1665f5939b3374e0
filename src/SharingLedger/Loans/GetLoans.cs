using Marten;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class GetLoansEndpoint
{
    /// <summary>One loan or copy request with its steps, charges and the actions allowed next.</summary>
    [ProducesResponseType(typeof(LoanView), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/loans/{loanId}")]
    public static async Task<IResult> Get(Guid consortiumId, Guid loanId, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var loan = await session.LoadAsync<Loan>(loanId, ct);
        return loan is null || loan.ConsortiumId != consortiumId || !LoanAccess.IsParty(http, loan) ? Problems.NotFound("loan", loanId) : Results.Ok(LoanView.Of(loan));
    }

    /// <summary>
    /// The consortium's requests, optionally those a member borrowed or lent and those requested in a month (yyyy-MM), oldest
    /// first. A member system sees the requests it borrowed or lent, and nothing else (another member's id is unknown: 404).
    /// </summary>
    /// <param name="memberId">Only the requests this member borrowed or lent.</param>
    /// <param name="month">Only the requests made in this month (yyyy-MM).</param>
    [ProducesResponseType(typeof(List<LoanView>), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/loans")]
    public static async Task<IResult> List(Guid consortiumId, Guid? memberId, string? month, int? limit, int? offset, IQuerySession session,
        IConfiguration configuration, HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        if (await session.LoadAsync<Consortia.Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);
        if (month is not null && !Months.TryParse(month, out _)) return Problems.BadRequest("month must be yyyy-MM, e.g. 2026-10.");
        if (!Access.Actor.TryFilterMember(http, memberId, out var member)) return Problems.NotFound("member", memberId!);
        var loans = LoanAccess.Loans(session, consortiumId, member);
        if (month is not null) loans = loans.Where(l => l.RequestedMonth == month);
        return await paging.PageAsync(http, loans.OrderBy(l => l.RequestedOn).ThenBy(l => l.Id), LoanView.Of, ct);
    }
}
