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
    [BindProperty] public Guid? MemberId { get; set; }
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
                new { amount = new { amount = Amount!.Trim(), currency = consortium.BaseCurrency }, bankReference = BankReference, receivedOn = ReceivedOn!.Trim() }, ct);
            if (answer.Succeeded)
            {
                Recorded = $"{T("Payment recorded")}: {Members.First(m => m.Id == MemberId).Code}, {consortium.BaseCurrency} {Amount!.Trim()} ({BankReference!.Trim()})";
                (Amount, BankReference, ReceivedOn) = (null, null, null);
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
        return head is "memberId" or "amount" or "receivedOn" or "bankReference" ? head : "form";
    }

    private async Task<Consortia.Consortium> LoadAsync(CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        Today = consortium.Calendar().Today(clock);
        Members = await session.Query<Member>().Where(m => m.ConsortiumId == Me.ConsortiumId).OrderBy(m => m.Code).ToListAsync(ct);
        return consortium;
    }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
