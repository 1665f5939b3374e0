using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class GetReimbursementEndpoint
{
    /// <summary>The fiscal year's net-lender reimbursement under the programme in force on its first day (422 when there is none).</summary>
    [WolverineGet("/consortia/{consortiumId}/reimbursement/{fiscalYear}")]
    public static async Task<IResult> Get(Guid consortiumId, int fiscalYear, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (fiscalYear is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var period = consortium.Calendar().Year(fiscalYear);
        var version = (await LoanAccess.AgreementAsync(session, consortiumId, ct))?.InForceOn(period.Start);
        if (version?.Lending?.Reimbursement is null)
            return Problems.RuleViolated("fiscalYear", $"No agreement version in force on {period.Start:uuuu-MM-dd} has a reimbursement programme.");

        var claims = await session.LoadAsync<ReimbursementClaims>(StreamIds.ReimbursementClaims(consortiumId, fiscalYear), ct);
        return Results.Ok(ReimbursementCalculation.Compute(consortiumId, fiscalYear, period, version, consortium.BaseCurrency,
            await LoanAccess.MembersAsync(session, consortiumId, ct), await LoanAccess.LoansAsync(session, consortiumId, null, ct),
            claims?.DocumentedCosts ?? []));
    }
}
