using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class GetMemberLendingEndpoint
{
    /// <summary>A member's loans supplied and borrowed and its borrowing quota for a fiscal year (default: the current one).</summary>
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/lending")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var member = consortium is null ? null : await LoanAccess.MemberAsync(session, consortiumId, memberId, ct);
        if (consortium is null || member is null) return Problems.NotFound("member", memberId);
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        var year = fiscalYear ?? calendar.YearOf(today);
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");

        return Results.Ok(MemberLending.Of(member, year, calendar.Year(year), await LoanAccess.LoansAsync(session, consortiumId, memberId, ct),
            await LoanAccess.AgreementAsync(session, consortiumId, ct), today));
    }
}
