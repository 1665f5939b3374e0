using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class GetReimbursementEndpoint
{
    /// <summary>
    /// The fiscal year's net-lender reimbursement under the programme in force on its first day (422 when there is none);
    /// once paid out, the payouts as recorded then (<c>paidOutAt</c> set).
    /// </summary>
    [ProducesResponseType(typeof(ReimbursementView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/reimbursement/{fiscalYear}")]
    public static async Task<IResult> Get(Guid consortiumId, int fiscalYear, IQuerySession session, CancellationToken ct)
    {
        var (view, _, problem) = await ComputeAsync(session, consortiumId, fiscalYear, ct);
        if (problem is not null) return problem;
        var paid = await session.LoadAsync<ReimbursementPayment>(StreamIds.ReimbursementPayout(consortiumId, fiscalYear), ct);
        return Results.Ok(paid is null ? view : view! with { PaidOutAt = paid.PaidOut.RecordedAt, Payouts = AsPaid(view.Payouts, paid.PaidOut) });
    }

    /// <summary>The year's reimbursement as computed from the loans now (and the consortium it was read with), or the problem that prevents it.</summary>
    public static async Task<(ReimbursementView? View, Consortium? Consortium, IResult? Problem)> ComputeAsync(IQuerySession session, Guid consortiumId, int fiscalYear, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return (null, null, Problems.NotFound("consortium", consortiumId));
        if (fiscalYear is < 1900 or > 9998) return (null, null, Problems.RuleViolated("fiscalYear", "Must be a year such as 2026."));
        var period = consortium.Calendar().Year(fiscalYear);
        var version = (await LoanAccess.AgreementAsync(session, consortiumId, ct))?.InForceOn(period.Start);
        if (version?.Lending?.Reimbursement is null)
            return (null, null, Problems.RuleViolated("fiscalYear", $"No agreement version in force on {period.Start:uuuu-MM-dd} has a reimbursement programme."));

        var claims = await session.LoadAsync<ReimbursementClaims>(StreamIds.ReimbursementClaims(consortiumId, fiscalYear), ct);
        return (ReimbursementCalculation.Compute(consortiumId, fiscalYear, period, version, consortium.BaseCurrency,
            await LoanAccess.MembersAsync(session, consortiumId, ct), await LoanAccess.LoansAsync(session, consortiumId, null, ct),
            claims?.DocumentedCosts ?? []), consortium, null);
    }

    /// <summary>What was paid stands: a member's line shows the amount recorded at payout, whatever late traffic changed since.</summary>
    private static IReadOnlyList<ReimbursementLine> AsPaid(IReadOnlyList<ReimbursementLine> now, ReimbursementPaidOut paid) =>
        now.Select(l => l with { PaidOut = paid.Payouts.FirstOrDefault(p => p.MemberId == l.MemberId)?.Amount ?? Kernel.Money.Money.Zero(l.Amount.Currency) }).ToList();
}
