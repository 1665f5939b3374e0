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
        lines = SharingMemberCodes(lines.OrderBy(l => l.PeriodStart).ThenBy(l => l.Description, StringComparer.Ordinal));
        var currency = consortium.BaseCurrency;
        return new ReconciliationReport(consortium.Id, fiscalYear, currency,
            Money.Sum(lines.Where(l => l.Invoice is not null).Select(l => l.Invoice!.BaseAmount), currency),
            Money.Sum(lines.Select(l => l.Apportioned), currency),
            Money.Sum(lines.Select(l => l.Shortfall), currency),
            lines.All(l => l.Balanced), lines, lines.Count(l => l.NeedsDecision is not null));
    }

    /// <summary>
    /// The lines with one string per member code: each share's code was read from its own cost's document, a string of its own. A node
    /// keeps a year's report (<see cref="Infrastructure.Answers.ConsortiumMemo"/>), at national size 200,000 shares and more, where those
    /// strings were two fifths of its memory (docs/decisions.md, "What a kept reconciliation weighs").
    /// </summary>
    private static List<ReconciliationLine> SharingMemberCodes(IEnumerable<ReconciliationLine> lines)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string code) => codes.TryGetValue(code, out var shared) ? shared : codes[code] = code;
        return [.. lines.Select(l => l with { Shares = [.. l.Shares.Select(s => s with { MemberCode = Shared(s.MemberCode) })] })];
    }
}
