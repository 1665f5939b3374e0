using NodaTime.Text;
using SharingLedger.Loans;

namespace SharingLedger.WebConsole;

/// <summary>
/// The details a loan step may carry, as the loans page's form holds them (text, as typed), and which step asks for which:
/// a conditional offer its cost and a note, a copy its pages and a stated cost, a shipment its due date and stated cost,
/// a renewal its new due date, a lost or replaced item its replacement cost, a cancellation its reason. The names are the
/// API's (<see cref="LoanActionInput"/>), so the API's message for a field lands beside it.
/// </summary>
public sealed class StepDetails
{
    public string? On { get; init; }
    public string? Note { get; init; }
    public string? OfferedCost { get; init; }
    public string? Pages { get; init; }
    public string? DueDate { get; init; }
    public string? StatedCost { get; init; }
    public string? StatedCurrency { get; init; }
    public string? ReplacementCost { get; init; }

    public static readonly IReadOnlyDictionary<LoanAction, string[]> FieldsOf = new Dictionary<LoanAction, string[]>
    {
        [LoanAction.Conditional] = ["offeredCost", "note"],
        [LoanAction.CopyCompleted] = ["pages", "statedCost"],
        [LoanAction.Shipped] = ["dueDate", "statedCost"],
        [LoanAction.Renewed] = ["dueDate"],
        [LoanAction.Lost] = ["replacementCost"],
        [LoanAction.BillReplacement] = ["replacementCost"],
        [LoanAction.Cancelled] = ["note"],
    };

    public static readonly string[] AllFields = ["on", "note", "offeredCost", "pages", "dueDate", "statedCost", "replacementCost"];

    /// <summary>
    /// The API's body for the step: only the step's fields, blanks left out; a date or a page count that is not one is the
    /// form's own message (nothing is sent then).
    /// </summary>
    public Dictionary<string, object?> Body(LoanAction step, string baseCurrency, int version, Dictionary<string, string> errors, Func<string, string> t)
    {
        var body = new Dictionary<string, object?> { ["expectedVersion"] = version };
        var fields = FieldsOf[step];
        Date("on", On);
        if (fields.Contains("note") && !string.IsNullOrWhiteSpace(Note)) body["note"] = Note.Trim();
        if (fields.Contains("offeredCost")) Money("offeredCost", OfferedCost, baseCurrency);
        if (fields.Contains("replacementCost")) Money("replacementCost", ReplacementCost, baseCurrency);
        if (fields.Contains("statedCost")) Money("statedCost", StatedCost, string.IsNullOrWhiteSpace(StatedCurrency) ? baseCurrency : StatedCurrency.Trim().ToUpperInvariant());
        if (fields.Contains("dueDate")) Date("dueDate", DueDate);
        if (fields.Contains("pages") && !string.IsNullOrWhiteSpace(Pages))
        {
            if (int.TryParse(Pages.Trim(), out var pages)) body["pages"] = pages;
            else errors["pages"] = t("Enter the number of pages, such as 25.");
        }
        return body;

        void Money(string name, string? amount, string currency)
        {
            if (!string.IsNullOrWhiteSpace(amount)) body[name] = new { amount = amount.Trim(), currency };
        }

        void Date(string name, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            var parsed = LocalDatePattern.Iso.Parse(text.Trim());
            if (parsed.Success) body[name] = parsed.Value;
            else errors[name] = t("Enter a date such as 2026-03-31.");
        }
    }
}
