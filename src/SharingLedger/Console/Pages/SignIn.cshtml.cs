using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.WebConsole.Pages;

/// <summary>
/// Sign in with an API key, or, when the consortium's identity provider is configured (<c>Auth:Jwt</c>), with a token it
/// issued (<see cref="ConsoleTokenSignIn"/>): either gives the same cookie session with the same roles.
/// </summary>
public sealed class SignInModel(IConfiguration configuration) : ConsolePage
{
    [BindProperty] public string? ApiKey { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public string? TokenError { get; private set; }
    public bool TokenOffered => ConsoleTokenSignIn.Offered(configuration);

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

    public async Task<IActionResult> OnPostTokenAsync()
    {
        if (!TokenOffered) return NotFound();
        if (string.IsNullOrWhiteSpace(Token))
        {
            TokenError = T("Paste the token your identity provider issued you.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        if (await ConsoleTokenSignIn.SignInAsync(HttpContext, Token) is { } refused)
        {
            TokenError = T(refused);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
