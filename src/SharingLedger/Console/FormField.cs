using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace SharingLedger.WebConsole;

/// <summary>
/// One labelled form field: an input (or a select with <see cref="Options"/>), its hint and the API's message for it, tied
/// together with aria-describedby, and marked aria-invalid when the message is there. The id is the field's name in kebab case.
/// </summary>
public sealed record FormField(string Name, string Label, string? Value, string? Error, string? Hint = null, string Type = "text",
    IReadOnlyList<(string Value, string Label)>? Options = null, bool Required = true, string? InputMode = null)
{
    /// <summary>Put before the id when one page has two forms with the same fields.</summary>
    public string IdPrefix { get; init; } = "";

    public string Id => IdPrefix + string.Concat(Name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public IHtmlContent Render(string chooseText)
    {
        var described = string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(s => s is not null));
        var common = $"id=\"{Id}\" name=\"{E(Name)}\"{(Required ? " required" : "")} aria-invalid=\"{(Error is null ? "false" : "true")}\"" +
                     (described.Length > 0 ? $" aria-describedby=\"{described}\"" : "");
        var html = new StringBuilder("<div class=\"field\">");
        html.Append($"<label for=\"{Id}\">{E(Label)}</label>");
        if (Options is not null)
        {
            html.Append($"<select {common}><option value=\"\">{E(chooseText)}</option>");
            foreach (var (value, label) in Options)
                html.Append($"<option value=\"{E(value)}\"{(value == Value ? " selected" : "")}>{E(label)}</option>");
            html.Append("</select>");
        }
        else if (Type == "textarea")
            html.Append($"<textarea {common} rows=\"2\">{E(Value ?? "")}</textarea>");
        else
            html.Append($"<input {common} type=\"{Type}\" value=\"{E(Value ?? "")}\" autocomplete=\"off\"{(InputMode is null ? "" : $" inputmode=\"{InputMode}\"")}>");
        if (Hint is not null) html.Append($"<p id=\"{Id}-hint\" class=\"hint\">{E(Hint)}</p>");
        if (Error is not null) html.Append($"<p id=\"{Id}-error\" class=\"field-error\">{E(Error)}</p>");
        html.Append("</div>");
        return new HtmlString(html.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
