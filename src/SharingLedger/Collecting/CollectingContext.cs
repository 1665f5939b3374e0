using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Collecting;

/// <summary>
/// What every collecting command does around its decision (Wolverine's aggregate handler workflow): the year's plan is
/// fetched for writing by its deterministic id, the consortium is loaded with it; <c>Validate</c> answers 400 and 404.
/// </summary>
internal static class CollectingContext
{
    public static Guid PlanId(Guid consortiumId, int fiscalYear) => StreamIds.CollectingPlan(consortiumId, fiscalYear);

    /// <summary>An empty body is a 400; an unknown consortium a 404 (as problem details).</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }
}
