using Marten;
using SharingLedger.Infrastructure.Answers;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Reconciliation;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// The finance officer's dashboard: the year's vendor invoices and the shares billed (the API's reconciliation report), and
/// the members' assessed, paid and outstanding figures with overdue open items (the API's balances). Only sums of the
/// ledger's own figures are taken here.
/// </summary>
public sealed class FinanceModel(IQuerySession session, IClock clock, IEnumerable<IReconciliationSource> sources, ConsortiumMemo memo) : ConsolePage
{
    public ReconciliationReport? Reconciliation { get; private set; }
    public BalancesView? Balances { get; private set; }
    public Money Billed { get; private set; }
    public Money Paid { get; private set; }
    public IReadOnlyList<(string MemberCode, Guid MemberId, Money Amount)> Overdue { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        var reconciliation = await GetReconciliationEndpoint.Get(Me.ConsortiumId, null, session, clock, sources, memo, ct);
        var (balances, problem) = await LedgerViewEndpoints.BalancesAsync(Me.ConsortiumId, null, null, session, clock, ct);
        if (reconciliation is not IValueHttpResult { Value: ReconciliationReport report } || problem is not null || balances is null) return NotFoundPage();
        Reconciliation = report;
        Balances = balances;
        Billed = Money.Sum(balances.Members.Select(m => m.Assessed), balances.Currency);
        Paid = Money.Sum(balances.Members.Select(m => m.Paid), balances.Currency);
        Overdue = balances.Members.SelectMany(m => OverdueOf(m)).OrderByDescending(o => o.Item3.Minor).ToList();
        return Page();
    }

    /// <summary>What is older than 30 days as of the balances' date: the API's ageing buckets past 0–30.</summary>
    private static IEnumerable<(string, Guid, Money)> OverdueOf(MemberBalance m)
    {
        var overdue = m.Ageing.Days31To60 + m.Ageing.Days61To90 + m.Ageing.Over90;
        return overdue.IsPositive ? [(m.MemberCode, m.MemberId, overdue)] : [];
    }
}
