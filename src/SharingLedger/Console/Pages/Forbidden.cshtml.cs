namespace SharingLedger.WebConsole.Pages;

public sealed class ForbiddenModel : ConsolePage
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
