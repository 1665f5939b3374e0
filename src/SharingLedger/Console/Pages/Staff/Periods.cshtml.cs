using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Audit;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// The fiscal year's periods (the API's <see cref="PeriodEndpoints.List"/>); the council's auditor closes and reopens them
/// through the API's own endpoints (<see cref="InProcessApi"/>), so the rules (over yet, already closed, reason required) are the API's.
/// </summary>
public sealed class PeriodsModel(IQuerySession session, IClock clock, InProcessApi api) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public string? Period { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public PeriodsView? Periods { get; private set; }
    public string? Notice { get; private set; }
    public string? Failure { get; private set; }
    /// <summary>The period whose form failed, and the message to show beside its reason field.</summary>
    public string? FailedPeriod { get; private set; }
    public string? ReasonError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        return await ShowAsync(ct);
    }

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => ActAsync("closing", new { }, T("The period is closed."), ct);

    public Task<IActionResult> OnPostReopenAsync(CancellationToken ct) =>
        ActAsync("reopening", new { reason = Reason }, T("The period is open again; the reason is recorded."), ct);

    private async Task<IActionResult> ActAsync(string action, object body, string done, CancellationToken ct)
    {
        if (!Me.IsAuditor) return LocalRedirect("/forbidden");
        var answer = await api.PostAsync(User, $"/consortia/{{consortiumId}}/periods/{{period}}/{action}",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["period"] = Period ?? "" }, body, ct);
        if (answer.Succeeded) Notice = done + $" ({Period})";
        else
        {
            FailedPeriod = Period;
            if (answer.Errors.TryGetValue("reason", out var reason)) ReasonError = T(reason[0]);
            else Failure = T(answer.Detail ?? answer.Title ?? "The ledger refused this.");
            Response.StatusCode = answer.Status;
        }
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        if (Year is < 1900 or > 9998) Year = null;
        var answer = await PeriodEndpoints.List(Me.ConsortiumId, Year, session, clock, ct);
        if (answer is not IValueHttpResult { Value: PeriodsView periods }) return NotFoundPage();
        Periods = periods;
        Today = consortium.Calendar().Today(clock);
        return Page();
    }

    public LocalDate Today { get; private set; }
}
