using Microsoft.AspNetCore.Mvc;

namespace SharingLedger.WebConsole.Pages;

/// <summary>The language switch: a year-long cookie naming the chosen language, then back to the page.</summary>
public sealed class LanguageModel : ConsolePage
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost(string? lang, string? returnUrl)
    {
        if (ConsoleLanguage.Parse(lang) is { } language)
            Response.Cookies.Append(ConsoleLanguage.Cookie, language.Tag, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Strict, HttpOnly = true, IsEssential = true, Secure = Request.IsHttps,
            });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
