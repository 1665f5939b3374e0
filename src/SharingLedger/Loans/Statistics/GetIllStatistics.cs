using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Membership;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans.Statistics;

public static class GetIllStatisticsEndpoint
{
    /// <summary>
    /// Document-delivery statistics and performance for the council: per member and month, requests made and filled
    /// (as borrower), received and filled (as lender), fill rates, the lender's median turnaround in days, and charges
    /// billed. Give <c>fiscalYear</c> (e.g. 2026) or <c>month</c> (yyyy-MM), not both. A member system gets the consortium's
    /// totals and its own figures, never another member's.
    /// </summary>
    [ProducesResponseType(typeof(IllStatisticsView), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/ill-statistics")]
    public static async Task<IResult> Get(Guid consortiumId, int? fiscalYear, string? month, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (fiscalYear is null == month is null) return Problems.BadRequest("Give either fiscalYear (e.g. 2026) or month (yyyy-MM, e.g. 2026-10).");

        DateInterval period;
        if (fiscalYear is { } fy)
        {
            if (fy is < 1900 or > 9998) return Problems.BadRequest("fiscalYear must be a year from 1900 to 9998.");
            period = consortium.Calendar().Year(fy);
        }
        else
        {
            if (!Months.TryParse(month, out var ym)) return Problems.BadRequest("month must be yyyy-MM, e.g. 2026-10.");
            period = new DateInterval(ym.OnDayOfMonth(1), ym.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1));
        }

        var statistics = await ComputeAsync(session, consortium, fiscalYear, month, period, ct);
        return Results.Ok(Access.Actor.RestrictedTo(http) is { } own ? statistics with { Members = [.. statistics.Members.Where(m => m.MemberId == own)] } : statistics);
    }

    /// <summary>
    /// One member's statistics for a fiscal year (the console's lending page), from its own loans only (the loans' facts by borrower
    /// and by lender): each member's figures count only its own loans, so they are the same as its row of the consortium's.
    /// None when it is not a member of the consortium.
    /// </summary>
    public static async Task<MemberIllStatistics?> ForMemberAsync(IQuerySession session, Consortium consortium, Guid memberId, int fiscalYear, CancellationToken ct)
    {
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortium.Id) return null;
        var period = consortium.Calendar().Year(fiscalYear);
        var loans = await IllLoans.InAsync(session, period, IllStatisticsCalculation.MonthsOf(period), memberId, ct);
        return IllStatisticsCalculation.Compute(consortium.Id, fiscalYear, null, period, consortium.BaseCurrency, [member], loans).Members.SingleOrDefault();
    }

    /// <summary>The consortium's statistics for <paramref name="period"/> (a fiscal year, or a month), every member's figures in.</summary>
    public static async Task<IllStatisticsView> ComputeAsync(IQuerySession session, Consortium consortium, int? fiscalYear, string? month,
        DateInterval period, CancellationToken ct)
    {
        var members = await LoanAccess.MembersAsync(session, consortium.Id, ct);
        var loans = await IllLoans.InAsync(session, period, IllStatisticsCalculation.MonthsOf(period), null, ct);
        return IllStatisticsCalculation.Compute(consortium.Id, fiscalYear, month, period, consortium.BaseCurrency, members, loans);
    }
}
