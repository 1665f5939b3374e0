using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Clearing;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// A month's interlibrary-loan clearing statement laid out for A4 (the print stylesheet): the API's own clearing view
/// (<see cref="GetClearingEndpoint"/>, computed, or as settled once it is), each member's position and every charge.
/// </summary>
public sealed class ClearingModel(IQuerySession session, IClock clock) : ConsolePage
{
    public ClearingView? Clearing { get; private set; }
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    public string Month { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        var consortium = await LoadConsortiumAsync(session, ct);
        Month = month ?? Months.Format(consortium.Calendar().Today(clock).ToYearMonth().PlusMonths(-1));
        if (await GetClearingEndpoint.Get(Me.ConsortiumId, Month, session, ct) is not IValueHttpResult { Value: ClearingView view }) return NotFoundPage();
        Clearing = view;
        Names = (await LoanAccess.MembersAsync(session, Me.ConsortiumId, ct)).ToDictionary(m => m.Id, m => m.Current.Name);
        return Page();
    }

    public Money Total(Func<ClearingPositionLine, Money> figure) => Money.Sum(Clearing!.Positions.Select(figure), Clearing.Currency);

    public string NameOf(Guid id) => Names.GetValueOrDefault(id) ?? "";
}
