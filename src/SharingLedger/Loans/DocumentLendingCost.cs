using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Loans;

public sealed record DocumentLendingCost(Guid MemberId, MoneyInput? DocumentedCost);

public static class DocumentLendingCostEndpoint
{
    /// <summary>A lender's documented lending cost for a fiscal year (base currency), which caps a per-loan reimbursement.</summary>
    [ProducesResponseType(typeof(DocumentedLendingCost), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/reimbursement/{fiscalYear}/documented-costs")]
    public static async Task<IResult> Post(Guid consortiumId, int fiscalYear, DocumentLendingCost? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var v = new Validation().Require(fiscalYear is >= 1900 and <= 9998, "fiscalYear", "Must be a year such as 2026.");
        if (await LoanAccess.MemberAsync(session, consortiumId, command.MemberId, ct) is null)
            v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
        var cost = v.Money(command.DocumentedCost, "documentedCost", currency: consortium.BaseCurrency);
        if (!v.IsValid) return v.Problem();

        var id = StreamIds.ReimbursementClaims(consortiumId, fiscalYear);
        var stream = await session.Events.FetchForWriting<ReimbursementClaims>(id, ct);
        stream.AppendOne(new LendingCostDocumented(id, consortiumId, fiscalYear, command.MemberId, cost!.Value, clock.GetCurrentInstant()));
        return Results.Ok(new { id, memberId = command.MemberId, documentedCost = cost });
    }
}

/// <summary>The year's reimbursement claims (their id), the member and the cost it documented.</summary>
public sealed record DocumentedLendingCost(Guid Id, Guid MemberId, SharingLedger.Kernel.Money.Money DocumentedCost);
