using Marten;
using SharingLedger.Vendors;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// What the consortium owes each vendor: every invoice that stands, what was paid against it and what is still open, and the vendor's
/// open credits for voided invoices it had been paid for; the API's own report (<see cref="GetVendorPayablesEndpoint"/>).
/// </summary>
public sealed class VendorsModel(IQuerySession session) : ConsolePage
{
    public VendorPayablesReport? Report { get; private set; }

    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        if (await GetVendorPayablesEndpoint.Get(Me.ConsortiumId, session, ct) is not IValueHttpResult { Value: VendorPayablesReport report })
            return NotFoundPage();
        Report = report;
        return Page();
    }
}
