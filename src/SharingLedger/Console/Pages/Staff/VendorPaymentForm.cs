using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// What a payment to a vendor asks for, on the page paying one invoice and the one paying several with one transfer: the amount, the
/// day's rate when foreign, the day the money left the bank and the bank's reference, each checked for being there before anything
/// is sent to the API. Finance only.
/// </summary>
public abstract class VendorPaymentForm : ConsoleFormPage
{
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? RateToBase { get; set; }
    [BindProperty] public string? PaidOn { get; set; }
    [BindProperty] public string? BankReference { get; set; }

    /// <summary>The invoice or invoices the query names; false when none stands that can be paid.</summary>
    protected abstract Task<bool> LoadAsync(CancellationToken ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsFinance) return LocalRedirect("/forbidden");
        return await LoadAsync(ct) ? Page() : NotFoundPage();
    }

    /// <summary>Notes beside each field left empty (the amount's message given) and returns the rate typed, if any and a number.</summary>
    protected decimal? CheckPayment(string amountMessage)
    {
        if (string.IsNullOrWhiteSpace(Amount)) Errors["amount"] = T(amountMessage);
        if (string.IsNullOrWhiteSpace(PaidOn)) Errors["paidOn"] = T("Enter the date the money left the bank.");
        if (string.IsNullOrWhiteSpace(BankReference)) Errors["bankReference"] = T("Enter the bank's reference for the payment.");
        if (string.IsNullOrWhiteSpace(RateToBase)) return null;
        if (decimal.TryParse(RateToBase.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var rate)) return rate;
        Errors["rateToBase"] = T("Enter the rate as a number, such as 7.2.");
        return null;
    }

    /// <summary>After a payment is recorded: the form empty again.</summary>
    protected void Clear() => (Amount, RateToBase, PaidOn, BankReference) = (null, null, null, null);
}
