using SharingLedger.Consortia;
using SharingLedger.Membership;
using SharingLedger.Obligations;

namespace SharingLedger.InKind;

/// <summary>
/// A member's in-kind contributions of a fiscal year as credit lines (negative amounts) in its obligations: the exact amount is
/// −quantity × rate (major units to 6 places, like the dues), and the rounding adjustment is what rounding to the minor unit moved the credit from its truncated value.
/// </summary>
public sealed class InKindObligations : IObligationSource
{
    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q)
    {
        var contributions = reads.Load<InKindContributions>(InKindContributions.StreamFor(q.Consortium.Id, q.Member.Id, q.FiscalYear), q.KnownAt);
        return async ct => await contributions(ct) is { } recorded ? ItemsOf(recorded, q) : [];
    }

    private static IReadOnlyList<ObligationItem> ItemsOf(InKindContributions recorded, ObligationQuery q) =>
        [.. recorded.Recorded.Where(r => q.Counts(r.ProvidedOn)).OrderBy(r => r.ProvidedOn).ThenBy(r => r.RecordedAt).Select(Explain)];

    private static ObligationItem Explain(InKindContributionRecorded r) =>
        new("inKind", $"In kind: {r.Kind} on {r.ProvidedOn:uuuu-MM-dd} ({r.Description})", -r.Value, r.AgreementId, r.AgreementVersion,
            $"in-kind rate {r.Rate} per {r.Unit}", new Dictionary<Kernel.CostSharing.BasisAttribute, decimal>(), $"{r.Quantity} {r.Unit}",
            (-r.Quantity * r.Rate.Minor / Pow10(r.Rate.MinorUnits)).ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture),
            -(r.Value.Minor - (long)Math.Truncate(r.Quantity * r.Rate.Minor)),
            $"{r.Quantity} {r.Unit}(s) of {r.Kind} at {r.Rate} per {r.Unit} under agreement version {r.AgreementVersion} = {r.Value}, " +
            $"credited against the dues of fiscal year {r.FiscalYear}.", r.ContributionId);

    private static decimal Pow10(int n) => n switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => 10000m };
}
