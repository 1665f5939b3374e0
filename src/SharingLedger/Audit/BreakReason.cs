using System.Globalization;

namespace SharingLedger.Audit;

/// <summary>
/// Why a verification found a break: a stable <see cref="Code"/> for systems that act on it, the English sentence
/// (<see cref="Template"/>, with <c>{0}</c>, <c>{1}</c>… for the <see cref="Values"/>: ids, column names, counts) and the values, so
/// the console can show the sentence in the reader's language with the same values (docs/decisions.md, "Verification reasons…").
/// </summary>
public sealed class BreakReason(string code, string template, params string[] values)
{
    public string Code { get; } = code;
    public string Template { get; } = template;
    public IReadOnlyList<string> Values { get; } = values;

    /// <summary>The English sentence with its values.</summary>
    public string Text => Fill(Template);

    /// <summary><paramref name="template"/> (this reason's template in another language) with this reason's values.</summary>
    public string Fill(string template) => string.Format(CultureInfo.InvariantCulture, template, [.. Values]);

    public override string ToString() => Text;
}
