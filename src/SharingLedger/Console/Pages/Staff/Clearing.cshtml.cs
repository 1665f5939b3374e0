using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Clearing;
using SharingLedger.Kernel.Money;
using SharingLedger.Loans;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// A month's interlibrary-loan clearing statement laid out for A4 (the print stylesheet): the API's own clearing view
/// (<see cref="GetClearingEndpoint"/>, computed, or as settled once it is), each member's position and the month's charges.
/// A busy month has thousands of charges, so they come a page at a time (<c>?p=</c>), or only one member's, as borrower or
/// lender (<c>?member=CODE</c>), or all on one page on request (<c>?all=true</c>, for printing the whole statement).
/// </summary>
public sealed class ClearingModel(IQuerySession session, IClock clock) : ConsolePage
{
    public const int PageSize = 200;

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true, Name = "member")] public string? MemberCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "all")] public bool All { get; set; }

    public ClearingView? Clearing { get; private set; }
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    public string Month { get; private set; } = "";
    /// <summary>The charges shown: this page's, of the member asked for, or all of them.</summary>
    public IReadOnlyList<ClearingChargeLine> Charges { get; private set; } = [];
    /// <summary>How many charges the member filter leaves (all of the month's without one).</summary>
    public int ChargeCount { get; private set; }
    public int Current { get; private set; } = 1;
    /// <summary>A member code was asked for that no member of the consortium has.</summary>
    public bool UnknownMember { get; private set; }
    public int Pages => All ? 1 : Math.Max(1, (ChargeCount + PageSize - 1) / PageSize);
    public int FirstShown => ChargeCount == 0 ? 0 : All ? 1 : (Current - 1) * PageSize + 1;
    public int LastShown => FirstShown == 0 ? 0 : FirstShown + Charges.Count - 1;

    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken ct)
    {
        if (!Me.IsStaff) return LocalRedirect("/forbidden");
        var consortium = await LoadConsortiumAsync(session, ct);
        Month = month ?? Months.Format(consortium.Calendar().Today(clock).ToYearMonth().PlusMonths(-1));
        if (await GetClearingEndpoint.Get(Me.ConsortiumId, Month, session, ct) is not IValueHttpResult { Value: ClearingView view }) return NotFoundPage();
        Clearing = view;
        var members = await LoanAccess.MembersAsync(session, Me.ConsortiumId, ct);
        Names = members.ToDictionary(m => m.Id, m => m.Current.Name);
        MemberCode = string.IsNullOrWhiteSpace(MemberCode) ? null : MemberCode.Trim();
        UnknownMember = MemberCode is not null && !members.Any(m => Same(m.Code, MemberCode));
        var charges = MemberCode is null ? view.Charges
            : view.Charges.Where(c => Same(c.BorrowerCode, MemberCode) || Same(c.LenderCode, MemberCode)).ToList();
        ChargeCount = charges.Count;
        Current = Math.Clamp(PageNumber ?? 1, 1, Pages);
        Charges = All ? charges : charges.Skip((Current - 1) * PageSize).Take(PageSize).ToList();
        return Page();
    }

    public Money Total(Func<ClearingPositionLine, Money> figure) => Money.Sum(Clearing!.Positions.Select(figure), Clearing.Currency);

    public string NameOf(Guid id) => Names.GetValueOrDefault(id) ?? "";

    /// <summary>This statement's address with the given charges' page and member (null: all members).</summary>
    public string Link(int page, string? member, bool all = false)
    {
        var query = new List<string>();
        if (member is not null) query.Add("member=" + Uri.EscapeDataString(member));
        if (all) query.Add("all=true");
        else if (page > 1) query.Add("p=" + page);
        return $"/clearing/{Month}" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }

    private static bool Same(string code, string asked) => string.Equals(code, asked, StringComparison.OrdinalIgnoreCase);
}
