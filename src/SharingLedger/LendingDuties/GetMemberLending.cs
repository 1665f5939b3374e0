using SharingLedger.Kernel.Lending;
using Marten;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.LendingDuties;

public static class GetMemberLendingEndpoint
{
    /// <summary>
    /// A member's loans supplied and borrowed, its borrowing quota, target ratio, minimum supplies, service-time breaches and
    /// free pages for a fiscal year, as of a day (<c>asOf</c>, yyyy-MM-dd; default today, kept within the year). The year
    /// defaults to the one of <c>asOf</c>, else the current one.
    /// </summary>
    [ProducesResponseType(typeof(MemberLending), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/lending")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, string? asOf, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var member = consortium is null ? null : await LoanAccess.MemberAsync(session, consortiumId, memberId, ct);
        if (consortium is null || member is null) return Problems.NotFound("member", memberId);
        LocalDate? day = null;
        if (!string.IsNullOrWhiteSpace(asOf))
        {
            var parsed = LocalDatePattern.Iso.Parse(asOf);
            if (!parsed.Success) return Problems.BadRequest("asOf must be a date, yyyy-MM-dd.");
            day = parsed.Value;
        }
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);
        if (day > today) return Problems.RuleViolated("asOf", $"Cannot be after today ({today:uuuu-MM-dd}).");
        var year = fiscalYear ?? calendar.YearOf(day ?? today);
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var period = calendar.Year(year);
        if (day is { } d && !period.Contains(d)) return Problems.RuleViolated("asOf", $"Must be a day of fiscal year {year} ({period.Start:uuuu-MM-dd} to {period.End:uuuu-MM-dd}).");

        var agreement = await LoanAccess.AgreementAsync(session, consortiumId, ct);
        var at = MemberLendingFigures.AsOf(period, day ?? today);
        var loans = await LoanFactsTable.MemberLoansAsync(session, memberId,
            MemberLendingFigures.LoansSince(period, at, MemberLendingFigures.WindowDays(agreement, at)), ct);
        return Results.Ok(MemberLendingFigures.Of(member, year, period, loans, agreement, day ?? today));
    }
}
