using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.WebConsole.Pages;

/// <summary>The console's front door: each role's first page.</summary>
public sealed class IndexModel : ConsolePage
{
    public IActionResult OnGet()
    {
        var me = Me;
        if (me.IsFinance) return LocalRedirect("/finance");
        if (me.IsAuditor) return LocalRedirect("/balances");
        if (me.IsMember && me.MemberId is { } own) return LocalRedirect($"/members/{own}/obligations");
        return LocalRedirect("/members");
    }
}
