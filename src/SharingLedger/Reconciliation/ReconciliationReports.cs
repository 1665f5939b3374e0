using Marten;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Reconciliation;

/// <summary>Builds a fiscal year's reconciliation from every registered source.</summary>
public static class ReconciliationReports
{
    public static async Task<ReconciliationReport> BuildAsync(IQuerySession session, Consortium consortium, int fiscalYear,
        IEnumerable<IReconciliationSource> sources, CancellationToken ct)
    {
        var period = consortium.Calendar().Year(fiscalYear);
        var lines = new List<ReconciliationLine>();
        foreach (var source in sources) lines.AddRange(await source.ForYearAsync(session, consortium, period, ct));
        lines = lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Description, StringComparer.Ordinal).ToList();
        var currency = consortium.BaseCurrency;
        return new ReconciliationReport(consortium.Id, fiscalYear, currency,
            Money.Sum(lines.Where(l => l.Invoice is not null).Select(l => l.Invoice!.BaseAmount), currency),
            Money.Sum(lines.Select(l => l.Apportioned), currency),
            Money.Sum(lines.Select(l => l.Shortfall), currency),
            lines.All(l => l.Balanced), lines, lines.Count(l => l.NeedsDecision is not null));
    }
}
