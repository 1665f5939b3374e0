using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

// Wolverine loads the consortium and fetches the year's payout stream for writing; Validate answers 404; LoadAsync computes
// the year; the pure decision (ReimbursementDecisions.PayOut) answers; Wolverine starts the stream (a concurrent payout is a 409).
public static class PayOutReimbursementEndpoint
{
    public static Guid PaymentId(Guid consortiumId, int fiscalYear) => StreamIds.ReimbursementPayout(consortiumId, fiscalYear);

    public static IResult Validate(Guid consortiumId, Consortium? consortium) =>
        consortium is null ? Problems.NotFound("consortium", consortiumId) : WolverineContinue.Result();

    public static Task<ReimbursementYear> LoadAsync(int fiscalYear, Consortium? consortium, IQuerySession session, IClock clock, CancellationToken ct) =>
        GetReimbursementEndpoint.ComputeAsync(session, consortium!, fiscalYear, clock, ct);

    /// <summary>
    /// Pay out a fiscal year that is over (finance): records the reimbursement as computed now, each member's payout owed by
    /// the central fund. 422 without a programme or before the year is over; 409 when the year was already paid out.
    /// </summary>
    [ProducesResponseType(typeof(ReimbursementView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/reimbursement/{fiscalYear}/payout")]
    public static (IResult, Events) Post(int fiscalYear, [NotBody] ReimbursementYear year, IClock clock, [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(PaymentId), Required = false)] ReimbursementPayment? payment) =>
        ReimbursementDecisions.PayOut(payment, PaymentId(consortium!.Id, fiscalYear), consortium.Id, year, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/reimbursement/{fiscalYear}", year.View! with { PaidOutAt = ((ReimbursementPaidOut)e).RecordedAt }));
}
