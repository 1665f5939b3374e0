using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Kernel.Money;
using SharingLedger.Reconciliation;

namespace SharingLedger.Subscriptions;

/// <summary>Each subscription term starting in the fiscal year, against its invoice and latest apportionment.</summary>
public sealed class SubscriptionReconciliation : IReconciliationSource
{
    public async Task<IReadOnlyList<ReconciliationLine>> ForYearAsync(IQuerySession session, Consortium consortium, DateInterval fiscalYear, CancellationToken ct)
    {
        var subscriptions = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortium.Id).ToListAsync(ct);
        return subscriptions.SelectMany(s => s.Terms.Where(t => fiscalYear.Contains(t.Start)).Select(t => Line(s, t, consortium.BaseCurrency))).ToList();
    }

    private static ReconciliationLine Line(Subscription s, SubscriptionTerm t, string baseCurrency)
    {
        var latest = t.Latest;
        var invoice = t.Invoice is { } i ? new InvoiceFigures(i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase, i.BaseAmount) : null;
        var apportioned = Money.Sum(latest?.Cost.Lines.Select(l => l.Amount) ?? [], baseCurrency);
        var shortfall = latest?.Cost.Shortfall ?? Money.Zero(baseCurrency);
        var balanced = invoice is null ? apportioned.IsZero : apportioned + shortfall == invoice.BaseAmount;
        return new ReconciliationLine("subscription", s.Id, $"{s.Resource} term {t.Number}", s.Vendor, t.Start, t.End, t.Price, invoice,
            invoice is null ? null : invoice.Amount - t.Price, apportioned, shortfall, balanced, t.AgreementVersion, latest?.Revision ?? 0,
            latest?.Cost.Lines.Select(l => new ReconciledShare(l.MemberId, l.MemberCode, l.Amount)).ToList() ?? [],
            t.PendingSplit is { } pending
                ? $"Needs a decision: the agreement's '{t.SharingTermName}' term cannot split invoice {pending.InvoiceNumber} as written: " +
                  string.Join(" ", pending.Conflicts.Select(c => c.Message)) + " Split it again once that is resolved, or record finance's decision on the shares."
                : null);
    }
}
