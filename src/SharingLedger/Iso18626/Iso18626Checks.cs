using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using static SharingLedger.Iso18626.Iso18626Errors;

namespace SharingLedger.Iso18626;

/// <summary>Why a message that reads as XML is refused: the standard's error type and a value saying why.</summary>
public sealed record Iso18626Problem(string ErrorType, string Value);

/// <summary>
/// Classifies what the schema refuses as ISO 18626 defines its error types, using only the schema compiled into the
/// service (so the answer is the same in every deployment):
/// <list type="bullet">
/// <item>an element the schema declares nowhere: <c>UnrecognisedDataElement</c>;</item>
/// <item>a requester's <c>action</c> the schema does not list: <c>UnsupportedActionType</c>;</item>
/// <item>a supplier's <c>reasonForMessage</c> the schema does not list: <c>UnsupportedReasonForMessageType</c>;</item>
/// <item>any other value its element's type does not allow (a status, a date, a number): <c>UnrecognisedDataValue</c>;</item>
/// <item>everything else the schema refuses (a required element missing, elements in the wrong place): <c>BadlyFormedMessage</c>.</item>
/// </list>
/// A message the schema accepts is never refused here. Before validating, <see cref="MakeLenient"/> accepts what peers
/// send where the standard's meaning is clear: a 2014-edition (schema v1.1) header without <c>multipleItemRequestId</c>,
/// and timestamps with a <c>+hhmm</c> offset.
/// </summary>
public static partial class Iso18626Checks
{
    private static readonly Lazy<Dictionary<string, List<XmlSchemaType>>> Declared = new(() => DeclaredTypes(Iso18626Schema.Set));

    /// <summary>Whether the schema declares an element of this name anywhere.</summary>
    public static bool IsDataElement(string localName) => Declared.Value.ContainsKey(localName);

    /// <summary>Whether some declaration of the element <paramref name="localName"/> has a simple type that allows <paramref name="value"/>.</summary>
    public static bool Allows(string localName, string value) =>
        Declared.Value.TryGetValue(localName, out var types) && types.Any(t => Accepts(t, value));

    /// <summary>Rewrites, in place, what the standard means but the v1.2 schema does not spell that way (see the class summary).</summary>
    public static void MakeLenient(XElement message)
    {
        var header = message.Element(Iso18626Xml.N + "header");
        if (header is not null && header.Element(Iso18626Xml.N + "multipleItemRequestId") is null
            && header.Element(Iso18626Xml.N + "requestingAgencyId") is { } requesting)
            requesting.AddAfterSelf(new XElement(Iso18626Xml.N + "multipleItemRequestId", "")); // v1.1 (2014) has no such element
        foreach (var e in message.DescendantsAndSelf().Where(e => !e.HasElements))
        {
            var value = e.Value.Trim();
            if (CompactOffset().Match(value) is { Success: true } m && IsDateTime(e.Name.LocalName))
                e.Value = $"{m.Groups[1].Value}{m.Groups[2].Value}:{m.Groups[3].Value}";
        }
    }

    /// <summary>The problem with a message against the schema, classified; null when the schema accepts it.</summary>
    public static Iso18626Problem? Check(XDocument document, XmlSchemaSet schema)
    {
        var errors = new List<string>();
        document.Validate(schema, (_, e) => { if (e.Severity == XmlSeverityType.Error && errors.Count < 5) errors.Add(e.Message); });
        if (errors.Count == 0) return null;
        return Classify(document.Root!) ?? new Iso18626Problem(BadlyFormedMessage, "Not valid ISO 18626 (v1.2): " + string.Join(" ", errors));
    }

    /// <summary>The first element (in document order) that is unknown or holds a value its type does not allow.</summary>
    public static Iso18626Problem? Classify(XElement root)
    {
        foreach (var e in root.Descendants())
        {
            var name = e.Name.LocalName;
            var parent = e.Parent?.Name.LocalName;
            if (!IsDataElement(name))
                return new Iso18626Problem(UnrecognisedDataElement, $"'{name}' (in {parent}) is not an ISO 18626 data element.");
            if (e.HasElements || !Declared.Value[name].All(IsSimple) || Allows(name, e.Value)) continue;
            var value = Shorten(e.Value);
            return name switch
            {
                "action" when parent == "requestingAgencyMessage" =>
                    new Iso18626Problem(UnsupportedActionType, $"action '{value}' is not an ISO 18626 action."),
                "reasonForMessage" when parent == "messageInfo" =>
                    new Iso18626Problem(UnsupportedReasonForMessageType, $"reasonForMessage '{value}' is not an ISO 18626 reason for message."),
                _ => new Iso18626Problem(UnrecognisedDataValue, $"{parent}/{name} '{value}' is not a value ISO 18626 allows there."),
            };
        }
        return null;
    }

    private static string Shorten(string s) => s.Length <= 100 ? s : s[..100] + "…";

    private static bool IsDateTime(string localName) =>
        Declared.Value.TryGetValue(localName, out var types) && types.Any(t => t.Datatype?.TypeCode == XmlTypeCode.DateTime);

    private static bool IsSimple(XmlSchemaType type) =>
        type is XmlSchemaSimpleType || type is XmlSchemaComplexType { ContentType: XmlSchemaContentType.TextOnly };

    private static bool Accepts(XmlSchemaType type, string value)
    {
        if (!IsSimple(type) || type.Datatype is not { } datatype) return false;
        try
        {
            datatype.ParseValue(value, new NameTable(), null);
            return true;
        }
        catch (Exception e) when (e is XmlSchemaException or FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Every element name the schema declares (globally or inside a type), with each declaration's type.</summary>
    private static Dictionary<string, List<XmlSchemaType>> DeclaredTypes(XmlSchemaSet schema)
    {
        var found = new Dictionary<string, List<XmlSchemaType>>(StringComparer.Ordinal);
        var seen = new HashSet<XmlSchemaType>();
        void Visit(XmlSchemaParticle? particle)
        {
            switch (particle)
            {
                case XmlSchemaElement element when element.ElementSchemaType is { } type:
                    var list = found.TryGetValue(element.QualifiedName.Name, out var l) ? l : found[element.QualifiedName.Name] = [];
                    if (!list.Contains(type)) list.Add(type);
                    if (type is XmlSchemaComplexType complex && seen.Add(complex)) Visit(complex.ContentTypeParticle);
                    break;
                case XmlSchemaGroupBase group:
                    foreach (var item in group.Items.OfType<XmlSchemaParticle>()) Visit(item);
                    break;
            }
        }
        foreach (var element in schema.GlobalElements.Values.OfType<XmlSchemaElement>()) Visit(element);
        return found;
    }

    [GeneratedRegex(@"^(\d{4,}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)(\d\d)$")]
    private static partial Regex CompactOffset();
}
