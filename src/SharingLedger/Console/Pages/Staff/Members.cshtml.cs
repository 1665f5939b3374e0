using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Membership;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>The consortium's members, for staff (the API's GET members is staff-only too); a member system is sent to its own page.</summary>
public sealed class MembersModel(IQuerySession session, IClock clock) : ConsolePage
{
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public LocalDate Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        var consortium = await LoadConsortiumAsync(session, ct);
        Today = consortium.Calendar().Today(clock);
        Members = await session.Query<Member>().Where(m => m.ConsortiumId == Me.ConsortiumId).OrderBy(m => m.Code).ToListAsync(ct);
        return Page();
    }
}
