using Microsoft.Net.Http.Headers;

namespace SharingLedger.WebConsole;

/// <summary>
/// English or Simplified Chinese: the switch's cookie if set, else the browser's Accept-Language (first of en or zh by
/// quality), else English.
/// </summary>
public sealed record ConsoleLanguage(string Tag)
{
    public const string Cookie = "ledger-lang";
    public static readonly ConsoleLanguage English = new("en"), Chinese = new("zh-CN");
    public bool IsChinese => Tag == Chinese.Tag;

    public static ConsoleLanguage Of(HttpRequest request)
    {
        if (Parse(request.Cookies[Cookie]) is { } chosen) return chosen;
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var tag in accepted.OrderByDescending(a => a.Quality ?? 1))
                if (Parse(tag.Value.Value) is { } language) return language;
        }
        return English;
    }

    public static ConsoleLanguage? Parse(string? tag) =>
        tag is null ? null
        : tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese
        : tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English
        : null;
}
