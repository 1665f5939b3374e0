using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Ledger;

namespace SharingLedger.WebConsole.Pages.Finance;

/// <summary>
/// A credit note (finance) or a write-off (the council's auditor) on a member's account, against one of its open items or on
/// account, recorded through the API's own endpoint (<see cref="IssueCreditNoteEndpoint"/>, <see cref="ApproveWriteOffEndpoint"/>):
/// the two commands have the same fields, so one page serves both. Choosing the member first lists its open items.
/// </summary>
public sealed class AdjustmentModel(IQuerySession session, IClock clock, InProcessApi api) : ConsoleFormPage
{
    [BindProperty(SupportsGet = true)] public string? MemberId { get; set; }
    [BindProperty] public string? ItemId { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? On { get; set; }
    public string Kind { get; private set; } = "";
    public bool IsWriteOff => Kind == "write-offs";
    public IReadOnlyList<(string Value, string Label)> Members { get; private set; } = [];
    public IReadOnlyList<OpenItem> Items { get; private set; } = [];
    public string Title => T(IsWriteOff ? "Approve a write-off" : "Issue a credit note");
    protected override IReadOnlyCollection<string> Fields => ["memberId", "itemId", "amount", "reason", IsWriteOff ? "approvedOn" : "issuedOn"];
    public string DateField => IsWriteOff ? "approvedOn" : "issuedOn";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Kind = KindOfPath();
        if (!Allowed) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        On = Today.ToString("uuuu-MM-dd", null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Kind = KindOfPath();
        if (!Allowed) return LocalRedirect("/forbidden");
        var consortium = await LoadAsync(ct);
        if (GuidOf(MemberId) is not { } member || Members.All(m => m.Value != member.ToString())) Errors["memberId"] = T("Choose the member.");
        if (string.IsNullOrWhiteSpace(Amount)) Errors["amount"] = T("Enter the amount, such as 100.00.");
        if (string.IsNullOrWhiteSpace(Reason)) Errors["reason"] = T("Say why.");
        if (Refused()) return Page();
        var money = new { amount = Amount!.Trim(), currency = consortium.BaseCurrency };
        var item = string.IsNullOrWhiteSpace(ItemId) ? null : ItemId;
        var date = string.IsNullOrWhiteSpace(On) ? null : On.Trim();
        object body = IsWriteOff
            ? new { amount = money, reason = Reason, itemId = item, approvedOn = date }
            : new { amount = money, reason = Reason, itemId = item, issuedOn = date };
        var answer = await api.PostAsync(User, $"/consortia/{{consortiumId}}/members/{{memberId}}/account/{Kind}",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["memberId"] = MemberId! }, body, ct);
        var accepted = Accepted(answer);
        if (Errors.Remove(DateField, out var dateError)) Errors["on"] = dateError;
        if (!accepted) return Page();
        Recorded = $"{T(IsWriteOff ? "Write-off approved" : "Credit note issued")}: {Members.First(m => m.Value == MemberId).Label}, {consortium.BaseCurrency} {Amount!.Trim()}";
        (ItemId, Amount, Reason) = (null, null, null);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Two pages share this model: <c>/credit-notes/new</c> and <c>/write-offs/new</c> (Finance/WriteOff.cshtml).</summary>
    private string KindOfPath() => Request.Path.StartsWithSegments("/write-offs") ? "write-offs" : "credit-notes";

    private bool Allowed => Kind switch { "credit-notes" => Me.IsFinance, "write-offs" => Me.IsAuditor, _ => false };

    private async Task<Consortia.Consortium> LoadAsync(CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        Members = await MemberOptionsAsync(session, ct);
        Today = consortium.Calendar().Today(clock);
        Items = GuidOf(MemberId) is { } id && Members.Any(m => m.Value == id.ToString()) ? await OpenItemsAsync(session, id, ct) ?? [] : [];
        return consortium;
    }

    public LocalDate Today { get; private set; }
}
