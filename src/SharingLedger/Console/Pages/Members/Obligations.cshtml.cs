using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Obligations;

namespace SharingLedger.WebConsole.Pages.Members;

/// <summary>A member's obligations for a fiscal year, read through the API's own query (<see cref="GetMemberObligationsEndpoint"/>).</summary>
public sealed class ObligationsModel(IQuerySession session, IClock clock, IEnumerable<IObligationSource> sources,
    IEnumerable<IObligationSettlements> settlements) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public MemberObligations? Obligations { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        await LoadConsortiumAsync(session, ct);
        if (Year is < 1900 or > 9998) Year = null;
        var (obligations, _, _) = await GetMemberObligationsEndpoint.ComputeAsync(Me.ConsortiumId, memberId, Year, null, null, session, clock, sources, settlements, ct);
        if (obligations is null) return NotFoundPage();
        Obligations = obligations;
        return Page();
    }
}
