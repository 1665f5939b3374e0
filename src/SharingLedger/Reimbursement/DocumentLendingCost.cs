using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using SharingLedger.Loans;
using SharingLedger.Agreements;

namespace SharingLedger.Reimbursement;

public sealed record DocumentLendingCost(Guid MemberId, MoneyInput? DocumentedCost);

/// <summary>The member a documented cost names, when it is a member of the consortium (null otherwise).</summary>
public sealed record CostBearer(Member? Member);

// Wolverine loads the consortium and fetches the year's claims stream for writing; Validate answers 400/404; LoadAsync reads
// the member the command names; the pure decision (ReimbursementDecisions.DocumentCost) answers; Wolverine appends and saves.
public static class DocumentLendingCostEndpoint
{
    public static Guid ClaimsId(Guid consortiumId, int fiscalYear) => StreamIds.ReimbursementClaims(consortiumId, fiscalYear);

    public static IResult Validate(DocumentLendingCost? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        return consortium is null ? Problems.NotFound("consortium", consortiumId) : WolverineContinue.Result();
    }

    public static async Task<CostBearer> LoadAsync(DocumentLendingCost? command, Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        new(await LoanAccess.MemberAsync(session, consortiumId, command!.MemberId, ct));

    /// <summary>A lender's documented lending cost for a fiscal year (base currency), which caps a per-loan reimbursement.</summary>
    [ProducesResponseType(typeof(DocumentedLendingCost), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/reimbursement/{fiscalYear}/documented-costs")]
    public static (IResult, Events) Post(int fiscalYear, DocumentLendingCost? command, CostBearer bearer, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate(FromMethod = nameof(ClaimsId), Required = false)] ReimbursementClaims? claims) =>
        ReimbursementDecisions.DocumentCost(ClaimsId(consortium!.Id, fiscalYear), consortium.Id, fiscalYear, command!, bearer.Member, consortium.BaseCurrency,
                clock.GetCurrentInstant())
            .Respond(e => Results.Ok(new { id = ((LendingCostDocumented)e).ClaimsId, memberId = command!.MemberId, documentedCost = ((LendingCostDocumented)e).DocumentedCost }));
}

/// <summary>The year's reimbursement claims (their id), the member and the cost it documented.</summary>
public sealed record DocumentedLendingCost(Guid Id, Guid MemberId, SharingLedger.Kernel.Money.Money DocumentedCost);
