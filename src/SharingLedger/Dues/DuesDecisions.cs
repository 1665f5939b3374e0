using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;

namespace SharingLedger.Dues;

/// <summary>What an assessment is decided against: the agreement, the consortium's members, and whether the year's stream exists.</summary>
public sealed record DuesFacts(Agreement? Agreement, IReadOnlyList<Member> Members, bool AlreadyAssessed);

/// <summary>
/// The decision to assess a fiscal year's dues, free of HTTP and storage: the assessment event, priced by
/// <see cref="DuesCalculation"/> (the Kernel's proration), or why nothing is recorded.
/// </summary>
public static class DuesDecisions
{
    public static Decision Assess(AssessDues command, Consortium consortium, DuesFacts facts, Instant now)
    {
        if (command.FiscalYear is < 1900 or > 9998) return Invalid("fiscalYear", "Must be a year such as 2026.");
        var period = consortium.Calendar().Year(command.FiscalYear);
        var inForce = facts.Agreement?.InForceOn(period.Start);
        if (inForce is null)
            return Invalid("fiscalYear", $"No agreement is in force on {period.Start:uuuu-MM-dd}, the first day of fiscal year {command.FiscalYear}.");
        if (facts.AlreadyAssessed) return new Decision.Conflict($"Dues for fiscal year {command.FiscalYear} were already assessed.");
        try
        {
            return Decision.Accept(DuesCalculation.Assess(StreamIds.Dues(consortium.Id, command.FiscalYear), command.FiscalYear, period, inForce, facts.Members, now));
        }
        catch (CostSharingException e)
        {
            return new Decision.Invalid(e.Violations.Select(x => new FieldError(x.Field, x.Message)).ToList());
        }
    }

    private static Decision Invalid(string field, string message) => new Decision.Invalid([new FieldError(field, message)]);
}
