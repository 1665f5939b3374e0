using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Restatements;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// The restatement report of a retroactive amendment (the API's <see cref="GetRestatementEndpoint"/>): per member and item,
/// before, after and the difference. Without a version it shows the latest retroactive one.
/// </summary>
public sealed class RestatementModel(IQuerySession session) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    public IReadOnlyList<AgreementAdopted> Retroactive { get; private set; } = [];
    public RestatementReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(Me.ConsortiumId), ct);
        Retroactive = agreement?.Versions.Where(v => v.Retroactive).OrderBy(v => v.Version).ToList() ?? [];
        var version = Version ?? Retroactive.LastOrDefault()?.Version;
        if (version is null) return Page();
        if (await GetRestatementEndpoint.Get(Me.ConsortiumId, version.Value, session, ct) is not IValueHttpResult { Value: RestatementReport report }) return NotFoundPage();
        Report = report;
        return Page();
    }
}
