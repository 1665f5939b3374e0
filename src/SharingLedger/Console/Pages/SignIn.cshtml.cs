using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.WebConsole.Pages;

public sealed class SignInModel : ConsolePage
{
    [BindProperty] public string? ApiKey { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public IActionResult OnGet() => Who is null ? Page() : LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            Error = T("Enter your API key.");
            return Page();
        }
        var refusal = await ConsoleSession.SignInAsync(HttpContext, ApiKey);
        if (refusal != ConsoleSession.Refusal.None)
        {
            Error = refusal == ConsoleSession.Refusal.Operator
                ? T("An operator key runs the platform through the API. Sign in with a key of your consortium.")
                : T("This key is not known, or it has been revoked.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
