using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

public static class GetReimbursementEndpoint
{
    /// <summary>
    /// The fiscal year's net-lender reimbursement under the programme in force on its first day (422 when there is none);
    /// once paid out, the payouts as recorded then (<c>paidOutAt</c> set). A member system: the year's totals and its own line only,
    /// as the ILL statistics.
    /// </summary>
    [ProducesResponseType(typeof(ReimbursementView), 200)]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/reimbursement/{fiscalYear}")]
    public static async Task<IResult> Get(Guid consortiumId, int fiscalYear, IQuerySession session, IClock clock, HttpContext http, CancellationToken ct)
    {
        var answer = await ForAllAsync(consortiumId, fiscalYear, session, clock, ct);
        return Access.Actor.RestrictedTo(http) is { } own && answer is IValueHttpResult { Value: ReimbursementView view }
            ? Results.Ok(view with { Payouts = [.. view.Payouts.Where(l => l.MemberId == own)] })
            : answer;
    }

    private static async Task<IResult> ForAllAsync(Guid consortiumId, int fiscalYear, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var year = await ComputeAsync(session, consortium, fiscalYear, clock, ct);
        if (year.NotComputable is { } why) return Problems.RuleViolated([why]);
        var view = year.View!;
        var paid = await session.LoadAsync<ReimbursementPayment>(StreamIds.ReimbursementPayout(consortiumId, fiscalYear), ct);
        return Results.Ok(paid is null ? view : view with { PaidOutAt = paid.PaidOut.RecordedAt, Payouts = AsPaid(view.Payouts, paid.PaidOut) });
    }

    /// <summary>The year's reimbursement as computed from the loans now, or why it cannot be computed (not a year, no programme in force on its first day).</summary>
    public static async Task<ReimbursementYear> ComputeAsync(IQuerySession session, Consortium consortium, int fiscalYear, IClock clock, CancellationToken ct)
    {
        var today = consortium.Calendar().Today(clock);
        if (fiscalYear is < 1900 or > 9998) return new ReimbursementYear(fiscalYear, null, new("fiscalYear", "Must be a year such as 2026."), today);
        var period = consortium.Calendar().Year(fiscalYear);
        var version = (await LoanAccess.AgreementAsync(session, consortium.Id, ct))?.InForceOn(period.Start);
        if (version?.Lending?.Reimbursement is null)
            return new ReimbursementYear(fiscalYear, null,
                new("fiscalYear", $"No agreement version in force on {period.Start:uuuu-MM-dd} has a reimbursement programme."), today);

        var claims = await session.LoadAsync<ReimbursementClaims>(StreamIds.ReimbursementClaims(consortium.Id, fiscalYear), ct);
        return new ReimbursementYear(fiscalYear, ReimbursementCalculation.Compute(consortium.Id, fiscalYear, period, version, consortium.BaseCurrency,
            await LoanAccess.MembersAsync(session, consortium.Id, ct), await LoanFactsTable.SuppliedInAsync(session, period, ct),
            claims?.DocumentedCosts ?? []), null, today);
    }

    /// <summary>What was paid stands: a member's line shows the amount recorded at payout, whatever late traffic changed since.</summary>
    private static IReadOnlyList<ReimbursementLine> AsPaid(IReadOnlyList<ReimbursementLine> now, ReimbursementPaidOut paid) =>
        now.Select(l => l with { PaidOut = paid.Payouts.FirstOrDefault(p => p.MemberId == l.MemberId)?.Amount ?? Kernel.Money.Money.Zero(l.Amount.Currency) }).ToList();
}
