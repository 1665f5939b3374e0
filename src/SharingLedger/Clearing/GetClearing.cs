using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Clearing;

public static class GetClearingEndpoint
{
    /// <summary>A month's clearing (yyyy-MM): computed from the month's charges, or as settled once it is.</summary>
    [ProducesResponseType(typeof(ClearingView), 200)]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/clearing/{month}")]
    public static async Task<IResult> Get(Guid consortiumId, string month, IQuerySession session, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (!Months.TryParse(month, out var yearMonth)) return Problems.BadRequest("The month must be yyyy-MM, e.g. 2026-10.");

        var view = await ComputeAsync(session, consortium, yearMonth, ct);
        var settled = await session.LoadAsync<ClearingSettlement>(StreamIds.Clearing(consortiumId, view.Month), ct);
        return Results.Ok(settled is null ? view : view with
        {
            Settled = true, SettledAt = settled.Settled.SettledAt, Positions = settled.Settled.Positions, Fund = settled.Settled.Fund,
            Balanced = ClearingCalculation.IsBalanced(settled.Settled.Positions, settled.Settled.Fund),
        });
    }

    public static async Task<ClearingView> ComputeAsync(IQuerySession session, Consortium consortium, YearMonth month, CancellationToken ct) =>
        ClearingCalculation.Compute(consortium.Id, month, consortium.BaseCurrency,
            await ClearingMember.InAsync(session, consortium.Id, ct),
            await MonthCharge.InAsync(session, consortium.Id, Months.Format(month), ct),
            await LoanAccess.AgreementAsync(session, consortium.Id, ct));
}
