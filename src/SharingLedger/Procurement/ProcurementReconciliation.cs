using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;
using SharingLedger.Reconciliation;

namespace SharingLedger.Procurement;

/// <summary>
/// Each awarded procurement of the fiscal year (by invoice date, or award date until it is invoiced) against its
/// invoice and the shares billed: the awarded cost is the contracted price, and an invoice that differs from it
/// was apportioned as invoiced, the difference shown here.
/// </summary>
public sealed class ProcurementReconciliation : IReconciliationSource
{
    public async Task<IReadOnlyList<ReconciliationLine>> ForYearAsync(IQuerySession session, Consortium consortium, DateInterval fiscalYear, CancellationToken ct)
    {
        var procurements = await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortium.Id).ToListAsync(ct);
        return procurements.Where(p => p.Award is not null && fiscalYear.Contains(p.Invoice?.InvoiceDate ?? p.Award.AwardedOn))
            .Select(p => Line(p, consortium.BaseCurrency)).ToList();
    }

    private static ReconciliationLine Line(JointProcurement p, string baseCurrency)
    {
        var award = p.Award!;
        var invoice = p.Invoice is { } i ? new InvoiceFigures(i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase, i.BaseAmount) : null;
        var lines = p.Apportionment?.Lines ?? [];
        var apportioned = Money.Sum(lines.Select(l => l.Amount), baseCurrency);
        var shortfall = p.Apportionment?.Shortfall ?? Money.Zero(baseCurrency);
        var balanced = invoice is null ? apportioned.IsZero : apportioned + shortfall == invoice.BaseAmount;
        var date = invoice?.Date ?? award.AwardedOn;
        return new ReconciliationLine("procurement", p.Id, $"{p.Proposal.Title} ({p.Proposal.Subject})", award.Vendor, date, date,
            award.ActualCost, invoice, p.DifferenceFromAward(), apportioned, shortfall, balanced, p.Proposal.AgreementVersion,
            p.Apportionment is null ? 0 : 1, lines.Select(l => new ReconciledShare(l.MemberId, l.MemberCode, l.Amount)).ToList(), NeedsDecision(p));
    }

    /// <summary>Why the invoice recorded waits for finance's decision on its split; null when it does not.</summary>
    public static string? NeedsDecision(JointProcurement p) => p.PendingSplit is { } pending
        ? $"Needs a decision: the agreement's '{p.Proposal.SharingTermName}' term cannot split invoice {pending.InvoiceNumber} among the committed members as written: " +
          string.Join(" ", pending.Conflicts.Select(c => c.Message)) + " Record finance's decision on the shares, or void the invoice."
        : null;
}
