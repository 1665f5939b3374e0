using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Audit;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>The council's auditor runs the hash-chain verification (the API's <see cref="VerifyChainEndpoint"/>) from the page.</summary>
public sealed class VerificationModel(IQuerySession session, IDocumentStore store, ChainMonitor monitor,
    IEnumerable<IDerivedFiguresCheck> derivedChecks) : ConsolePage
{
    public ChainVerificationView? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsAuditor) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsAuditor) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        var answer = await VerifyChainEndpoint.Get(Me.ConsortiumId, session, store, monitor, derivedChecks, ct);
        if (answer is not IValueHttpResult { Value: ChainVerificationView view }) return NotFoundPage();
        Result = view;
        return Page();
    }
}
