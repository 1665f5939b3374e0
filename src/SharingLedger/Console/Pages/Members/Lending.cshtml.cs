using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Kernel.Lending;
using SharingLedger.LendingDuties;
using SharingLedger.Loans;
using SharingLedger.Loans.Statistics;

namespace SharingLedger.WebConsole.Pages.Members;

/// <summary>
/// A member's lending duties for a fiscal year (the API's <see cref="GetMemberLendingEndpoint"/>: quota left, target ratio,
/// minimum supplies, service-time breaches, free pages, warnings) and its own document-delivery statistics (the API's
/// <see cref="IllStatisticsCalculation"/> over the member's own loans: its rows are the same as in the consortium's statistics).
/// </summary>
public sealed class LendingModel(IQuerySession session, IClock clock) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public MemberLending? Duties { get; private set; }
    public MemberIllStatistics? Statistics { get; private set; }
    public string Currency { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        var consortium = await LoadConsortiumAsync(session, ct);
        if (Year is < 1900 or > 9998) Year = null;
        var year = Year ?? consortium.Calendar().YearOf(consortium.Calendar().Today(clock));
        if (await GetMemberLendingEndpoint.Get(Me.ConsortiumId, memberId, year, null, session, clock, ct) is not IValueHttpResult { Value: MemberLending duties })
            return NotFoundPage();
        Duties = duties;
        Currency = consortium.BaseCurrency;
        Statistics = await GetIllStatisticsEndpoint.ForMemberAsync(session, consortium, memberId, year, ct);
        return Page();
    }

    public string Rate(decimal? rate) => rate is { } r ? Format.Number(r * 100, 1) + " %" : "–";
}
