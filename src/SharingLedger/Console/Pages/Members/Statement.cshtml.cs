using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Membership;

namespace SharingLedger.WebConsole.Pages.Members;

/// <summary>
/// A member's statement as of a date (the consortium's today unless one is asked, as the API's statement), laid out for A4 (the
/// print stylesheet): read through the API's own statement query (<see cref="LedgerViewEndpoints.StatementAsync"/>), every line of it.
/// </summary>
public sealed class StatementModel(IQuerySession session, IClock clock) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    public StatementView? Statement { get; private set; }
    public string MemberName { get; private set; } = "";
    public LocalDate Day { get; private set; }
    public string? AsOfError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        var consortium = await LoadConsortiumAsync(session, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortium.Id) return NotFoundPage();
        Day = consortium.Calendar().Today(clock);
        if (!QueryValues.TryDate(AsOf, out var asOf)) { AsOfError = T("Enter a date such as 2026-03-31."); AsOf = null; }
        else if (asOf is { } d) Day = d;
        // With the clock, no date means the consortium's today, as the API's statement and the balances: the page's "as of" is its figures' date.
        var (view, problem) = await LedgerViewEndpoints.StatementAsync(Me.ConsortiumId, memberId, AsOf, null, session, ct, 1, LedgerViewEndpoints.MaxPageSize, clock);
        if (problem is not null || view is null) return NotFoundPage();
        Statement = view;
        MemberName = (member.FiguresOn(Day) ?? member.Current).Name;
        return Page();
    }

    public Money Debits => Money.Sum(Statement!.Lines.Select(l => l.Debit), Statement.Currency);
    public Money Credits => Money.Sum(Statement!.Lines.Select(l => l.Credit), Statement.Currency);
}
