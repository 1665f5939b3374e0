using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Ledger;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>The council's balances with ageing, as of a date: the API's own balances query (<see cref="LedgerViewEndpoints.BalancesAsync"/>).</summary>
public sealed class BalancesModel(IQuerySession session, IClock clock) : ConsolePage
{
    /// <summary>The chart shows the members owing most; the table beside it has every member.</summary>
    public const int ChartedMembers = 15;

    [BindProperty(SupportsGet = true)] public string? AsOf { get; set; }
    /// <summary>As the ledger knew it at this day and time in the consortium's time zone (both empty: as known now).</summary>
    [BindProperty(SupportsGet = true)] public string? KnownDate { get; set; }
    [BindProperty(SupportsGet = true)] public string? KnownTime { get; set; }
    public string? AsOfError { get; private set; }
    public string? KnownError { get; private set; }
    public BalancesView? Balances { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        if (!QueryValues.TryDate(AsOf, out _))
        {
            AsOfError = T("Enter a date such as 2026-03-31.");
            AsOf = null;
        }
        var knownAt = KnownAt();
        var (view, problem) = await LedgerViewEndpoints.BalancesAsync(Me.ConsortiumId, AsOf, knownAt, session, clock, ct);
        if (problem is not null || view is null) return NotFoundPage();
        Balances = view;
        return Page();
    }

    /// <summary>The pickers' day and time in the consortium's zone as the API's knownAt (an ISO instant in UTC); null for "now".</summary>
    private string? KnownAt()
    {
        if (string.IsNullOrWhiteSpace(KnownDate) && string.IsNullOrWhiteSpace(KnownTime)) return null;
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(KnownDate ?? "");
        var time = string.IsNullOrWhiteSpace(KnownTime) ? NodaTime.Text.ParseResult<LocalTime>.ForValue(LocalTime.Midnight)
            : NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(KnownTime.Trim());
        if (!date.Success || !time.Success)
        {
            KnownError = T("Enter a day and a time such as 2026-03-31 and 17:30.");
            (KnownDate, KnownTime) = (null, null);
            return null;
        }
        var instant = date.Value.At(time.Value).InZoneLeniently(Zone).ToInstant();
        return NodaTime.Text.InstantPattern.ExtendedIso.Format(instant);
    }

    public BarChart Chart()
    {
        var b = Balances!;
        var f = Format;
        var top = b.Members.Where(m => m.Outstanding.IsPositive).OrderByDescending(m => m.Outstanding.Minor).Take(ChartedMembers).ToList();
        var description = T("Outstanding by age, per member") + ": " + string.Join("; ", top.Select(m =>
            $"{m.MemberCode} {f.Money(m.Outstanding)} (0–30 {f.Money(m.Ageing.Days0To30)}, 31–60 {f.Money(m.Ageing.Days31To60)}, 61–90 {f.Money(m.Ageing.Days61To90)}, 90+ {f.Money(m.Ageing.Over90)})"));
        if (top.Count == 0) description = T("No member has anything outstanding.");
        return new BarChart("ageing-chart", T("Outstanding by age") + $" ({b.Currency})", description,
            [T("0–30 days"), T("31–60 days"), T("61–90 days"), T("over 90 days")],
            top.Select(m => (m.MemberCode, new[] { m.Ageing.Days0To30.Minor, m.Ageing.Days31To60.Minor, m.Ageing.Days61To90.Minor, m.Ageing.Over90.Minor })).ToList());
    }
}
