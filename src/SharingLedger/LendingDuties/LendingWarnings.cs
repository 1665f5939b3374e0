using SharingLedger.Loans;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;
namespace SharingLedger.LendingDuties;

/// <summary>The words of a member's lending figures: a warning for each duty it falls short of, and the explanation in its obligations.</summary>
public static class LendingWarnings
{
    public static IReadOnlyList<string> Of(RatioFigures? ratio, SupplyWindowFigures? minimum, TurnaroundFigures? turnaround)
    {
        var warnings = new List<string>();
        if (minimum is { FallsShort: true } m)
            warnings.Add($"Supplied {m.Supplied} in the {m.WindowDays} days from {m.WindowStart:uuuu-MM-dd} to {m.WindowEnd:uuuu-MM-dd}; " +
                         $"the agreement asks for at least {m.Minimum}: {m.Shortfall} short.");
        if (ratio is { MeetsTarget: false } r)
            warnings.Add($"Supplied:borrowed is {r.Actual}, below the target of {r.Target}: {r.SuppliesShort} more supplies would meet it.");
        if (turnaround is { } t && t.AnswersLate + t.ShipmentsLate > 0)
            warnings.Add($"Missed the agreed service times: {t.AnswersLate} answers late, {t.ShipmentsLate} shipments late.");
        return warnings;
    }

    public static string Explain(MemberLending l)
    {
        var parts = new List<string>
        {
            $"Fiscal year {l.FiscalYear} up to {l.AsOf:uuuu-MM-dd}: {l.Supplied} supplied to other members, {l.Borrowed} borrowed from them (net {l.NetLending:+0;-0;0}); " +
            (l.BorrowingQuota is { } q ? $"{l.RequestsCounted} of a borrowing quota of {q} requests used, {l.QuotaRemaining} remaining." : $"{l.RequestsCounted} requests made; no borrowing quota."),
        };
        if (l.TargetRatio is { } r)
            parts.Add($"Target ratio supplied:borrowed {r.Target}, actual {r.Actual}: " + (r.MeetsTarget ? "met." : "not met."));
        if (l.MinimumSupplies is { } m)
            parts.Add($"Minimum supplies: {m.Supplied} of {m.Minimum} in the {m.WindowDays} days to {m.WindowEnd:uuuu-MM-dd}.");
        if (l.Turnaround is { } t)
            parts.Add($"Service times ({string.Join("; ", t.Agreed.Select(a => $"{a.ServiceLevel.ToString().ToLowerInvariant()}: answer within {a.AnswerWithinDays}, ship within {a.ShipWithinDays} working days"))}): " +
                      $"{t.RequestsMeasured} requests measured, {t.AnswersLate} answers late, {t.ShipmentsLate} of {t.ShipmentsMeasured} shipments late.");
        if (l.FreePages is { } p)
            parts.Add($"Free document-delivery pages: {p.Used} of {p.Allowance} used, {p.Left} left.");
        parts.AddRange(l.Warnings.Select(w => "Warning: " + w));
        return string.Join(" ", parts);
    }
}
