using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// The endpoints' doc comments, read from the XML documentation file the build writes beside the assembly
/// (GenerateDocumentationFile), as plain text with code in backticks.
/// </summary>
public static partial class XmlDocs
{
    private static readonly Lazy<Dictionary<string, XElement>> Members = new(Load);

    private static Dictionary<string, XElement> Load()
    {
        var assembly = typeof(XmlDocs).Assembly;
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path)) path = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => m.Attribute("name")!.Value)
            .ToDictionary(g => g.Key, g => g.First());
    }

    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static XElement? Member(MethodInfo method)
    {
        var prefix = $"M:{Name(method.DeclaringType!)}.{method.Name}(";
        return Members.Value.FirstOrDefault(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).Value
               ?? Members.Value.GetValueOrDefault($"M:{Name(method.DeclaringType!)}.{method.Name}");
    }

    public static string? For(MethodInfo method) => Text(Member(method)?.Element("summary"));

    public static string? For(Type type) => Text(Members.Value.GetValueOrDefault("T:" + Name(type))?.Element("summary"));

    public static string? Param(MethodInfo method, string name) =>
        Text(Member(method)?.Elements("param").FirstOrDefault(p => p.Attribute("name")?.Value == name));

    /// <summary>The summary's first sentence, without its full stop: what a reference lists the operation as.</summary>
    public static string FirstSentence(string text)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && c is '.' or ';' or ':' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]))
                     && !text[..(i + 1)].EndsWith("e.g.", StringComparison.Ordinal) && !text[..(i + 1)].EndsWith("i.e.", StringComparison.Ordinal))
                return text[..i].TrimEnd();
        }
        return text.TrimEnd('.', ' ');
    }

    private static string? Text(XElement? element)
    {
        if (element is null) return null;
        var parts = element.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "c" or "code" } e => $"`{e.Value}`",
            XElement { Name.LocalName: "see" or "seealso" } e => e.Attribute("cref")?.Value is { } cref ? Short(cref)
                : e.Attribute("langword")?.Value ?? e.Attribute("href")?.Value ?? e.Value,
            XElement { Name.LocalName: "paramref" or "typeparamref" } e => $"`{e.Attribute("name")?.Value}`",
            XElement { Name.LocalName: "para" } e => "\u0001" + Text(e) + "\u0001",
            XElement e => Text(e) ?? "",
            _ => "",
        });
        var text = string.Concat(parts);
        text = Spaces().Replace(text, " ");
        text = Regex.Replace(text, @" ?\u0001[ \u0001]*", "\n\n").Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Short(string cref)
    {
        var name = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
        if (name.Contains('(')) name = name[..name.IndexOf('(')];
        return name.Split('.').Last();
    }

    [GeneratedRegex(@"[ \t\r\n]+")]
    private static partial Regex Spaces();
}
