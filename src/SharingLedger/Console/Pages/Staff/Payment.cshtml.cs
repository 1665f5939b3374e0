using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Membership;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// Finance records a member's payment (allocated oldest first) through the API's own endpoint (<see cref="InProcessApi"/>):
/// what the form sends is what an API client would, and the API's answer for each field is shown beside that field.
/// </summary>
public sealed class PaymentModel(IQuerySession session, IClock clock, InProcessApi api) : ConsolePage
{
    [BindProperty(SupportsGet = true)] public Guid? MemberId { get; set; }
    /// <summary>What finance allocates to each open item (by item id); none given: oldest first.</summary>
    [BindProperty] public Dictionary<string, string> Allocate { get; set; } = [];
    public IReadOnlyList<Ledger.OpenItem> Items { get; private set; } = [];
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? ReceivedOn { get; set; }
    [BindProperty] public string? BankReference { get; set; }
    public IReadOnlyList<Member> Members { get; private set; } = [];
    public LocalDate Today { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? Failure { get; private set; }
    public string? Recorded { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        var consortium = await LoadAsync(ct);
        if (MemberId is not { } member || Members.All(m => m.Id != member)) Errors["memberId"] = T("Choose the member who paid.");
        if (string.IsNullOrWhiteSpace(Amount)) Errors["amount"] = T("Enter the amount received, such as 12000.00.");
        if (string.IsNullOrWhiteSpace(ReceivedOn)) Errors["receivedOn"] = T("Enter the date the money arrived.");
        if (string.IsNullOrWhiteSpace(BankReference)) Errors["bankReference"] = T("Enter the bank's reference for the payment.");
        if (Errors.Count == 0)
        {
            var answer = await api.PostAsync(User, "/consortia/{consortiumId}/members/{memberId}/account/payments",
                new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["memberId"] = MemberId!.Value.ToString() },
                new
                {
                    amount = new { amount = Amount!.Trim(), currency = consortium.BaseCurrency }, bankReference = BankReference, receivedOn = ReceivedOn!.Trim(),
                    allocations = Allocations(consortium.BaseCurrency),
                }, ct);
            if (answer.Succeeded)
            {
                Recorded = $"{T("Payment recorded")}: {Members.First(m => m.Id == MemberId).Code}, {consortium.BaseCurrency} {Amount!.Trim()} ({BankReference!.Trim()})";
                (Amount, BankReference, ReceivedOn) = (null, null, null);
                Allocate.Clear();
                await LoadAsync(ct);
                return Page();
            }
            foreach (var (field, messages) in answer.Errors)
                Errors.TryAdd(FieldOf(field), T(messages[0]));
            if (answer.Errors.Count == 0) Failure = T(answer.Detail ?? answer.Title ?? "The ledger refused this.");
            Response.StatusCode = answer.Status;
            return Page();
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The form field an API error names: "amount.amount" and "amount" are both the amount field.</summary>
    private static string FieldOf(string apiField)
    {
        var end = apiField.IndexOfAny(['.', '[']);
        var head = end < 0 ? apiField : apiField[..end];
        return head is "memberId" or "amount" or "receivedOn" or "bankReference" or "allocations" ? head : "form";
    }

    private async Task<Consortia.Consortium> LoadAsync(CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        Today = consortium.Calendar().Today(clock);
        Members = await session.Query<Member>().Where(m => m.ConsortiumId == Me.ConsortiumId).OrderBy(m => m.Code).ToListAsync(ct);
        if (MemberId is { } id && Members.Any(m => m.Id == id))
        {
            var (view, _) = await Ledger.LedgerViewEndpoints.StatementAsync(Me.ConsortiumId, id, null, null, session, ct, 1, 1);
            Items = view?.OpenItems ?? [];
        }
        return consortium;
    }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The items finance named, with the amounts as typed (the API checks them); null lets the API allocate oldest first.</summary>
    private object[]? Allocations(string currency)
    {
        var named = Allocate.Where(a => !string.IsNullOrWhiteSpace(a.Value))
            .Select(a => (object)new { itemId = a.Key, amount = new { amount = a.Value.Trim(), currency } }).ToArray();
        return named.Length == 0 ? null : named;
    }
}
