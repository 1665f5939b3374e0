using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public static class PayOutReimbursementEndpoint
{
    /// <summary>
    /// Pay out a fiscal year that is over (finance): records the reimbursement as computed now, each member's payout owed by
    /// the central fund. 422 without a programme or before the year is over; 409 when the year was already paid out.
    /// </summary>
    [ProducesResponseType(typeof(ReimbursementView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/reimbursement/{fiscalYear}/payout")]
    public static async Task<IResult> Post(Guid consortiumId, int fiscalYear, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var (view, consortium, problem) = await GetReimbursementEndpoint.ComputeAsync(session, consortiumId, fiscalYear, ct);
        if (problem is not null) return problem;
        var id = StreamIds.ReimbursementPayout(consortiumId, fiscalYear);
        if (await session.LoadAsync<ReimbursementPayment>(id, ct) is { } done)
            return Problems.Conflict($"The reimbursement of fiscal year {fiscalYear} was already paid out at {done.PaidOut.RecordedAt}.");
        var today = consortium!.Calendar().Today(clock);
        if (view!.PeriodEnd >= today)
            return Problems.RuleViolated("fiscalYear", $"Fiscal year {fiscalYear} is not over yet (it ends {view.PeriodEnd:uuuu-MM-dd}); pay it out from the first day after it.");

        var paid = new ReimbursementPaidOut(id, consortiumId, fiscalYear, view.PeriodStart, view.PeriodEnd, view.AgreementId, view.AgreementVersion,
            view.Method, view.Total, view.Payouts.Where(p => !p.Amount.IsZero).Select(p => new ReimbursementPayout(p.MemberId, p.MemberCode, p.Amount, p.Explanation)).ToList(),
            clock.GetCurrentInstant());
        session.Events.StartStream<ReimbursementPayment>(id, paid);
        return Results.Created($"/consortia/{consortiumId}/reimbursement/{fiscalYear}", view with { PaidOutAt = paid.RecordedAt });
    }
}
