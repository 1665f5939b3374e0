using Marten;
using SharingLedger.Infrastructure.Answers;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Reconciliation;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>Each shared cost of a fiscal year against its vendor invoice and the shares billed: the API's own report (<see cref="GetReconciliationEndpoint"/>).</summary>
public sealed class ReconciliationModel(IQuerySession session, IClock clock, IEnumerable<IReconciliationSource> sources, ConsortiumMemo memo) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public ReconciliationReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        if (Year is < 1900 or > 9998) Year = null;
        if (await GetReconciliationEndpoint.Get(Me.ConsortiumId, Year, session, clock, sources, memo, ct) is not IValueHttpResult { Value: ReconciliationReport report })
            return NotFoundPage();
        Report = report;
        return Page();
    }
}
