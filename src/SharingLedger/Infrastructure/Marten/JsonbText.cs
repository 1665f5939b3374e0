using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// The text PostgreSQL gives for a <c>jsonb</c> value (<c>data::text</c>), made in .NET from JSON text, so that a document made here
/// can be compared with one stored by a digest of each (<see cref="DigestSql"/>) instead of reading the stored one whole. jsonb keeps an
/// object's keys ordered by their length in bytes, then bytewise, the last of a repeated key; writes <c>", "</c> and <c>": "</c>
/// between items; escapes only the quote, the backslash and control characters; and writes a number as <c>numeric</c> does.
/// A number in exponent form, an escaped key or a repeated key gives <see langword="null"/> (none is in what Marten writes; not
/// worth rewriting here: the caller compares those documents whole). Tested against PostgreSQL's own text (<c>JsonbTextTests</c>).
/// </summary>
public static class JsonbText
{
    /// <summary>The SQL giving the digest <see cref="Digest"/> makes of a jsonb column (<paramref name="column"/>) as PostgreSQL writes it.</summary>
    public static string DigestSql(string column) => $"encode(sha256(convert_to({column}::text, 'UTF8')), 'hex')";

    /// <summary>The lowercase hexadecimal SHA-256 of the jsonb text of <paramref name="json"/> in UTF-8, as <see cref="DigestSql"/> gives it; null when unsure.</summary>
    public static string? Digest(string json)
    {
        var text = Write(json);
        return text is null ? null : Convert.ToHexStringLower(SHA256.HashData(text.WrittenSpan));
    }

    /// <summary>The jsonb text of <paramref name="json"/>; null when unsure (see <see cref="JsonbText"/>).</summary>
    public static string? Of(string json) => Write(json) is { } text ? Encoding.UTF8.GetString(text.WrittenSpan) : null;

    private static ArrayBufferWriter<byte>? Write(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(bytes);
        var text = new ArrayBufferWriter<byte>(bytes.Length + bytes.Length / 4);
        return Write(document.RootElement, text) ? text : null;
    }

    private static bool Write(JsonElement element, ArrayBufferWriter<byte> to)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return WriteObject(element, to);
            case JsonValueKind.Array:
                Put(to, "["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) Put(to, ", "u8);
                    first = false;
                    if (!Write(item, to)) return false;
                }
                Put(to, "]"u8);
                return true;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0) Put(to, raw); // nothing escaped: as jsonb writes it
                else String(element.GetString()!, to);
                return true;
            case JsonValueKind.Number:
                var number = JsonMarshal.GetRawUtf8Value(element);
                if (number.IndexOfAny((byte)'e', (byte)'E') >= 0) return false;
                // numeric has no negative zero: "-0" and "-0.00" are written without their sign
                if (number[0] == (byte)'-' && number[1..].IndexOfAnyExcept((byte)'0', (byte)'.') < 0) number = number[1..];
                Put(to, number);
                return true;
            case JsonValueKind.True: Put(to, "true"u8); return true;
            case JsonValueKind.False: Put(to, "false"u8); return true;
            default: Put(to, "null"u8); return true;
        }
    }

    /// <summary>An object's members ordered as jsonb keeps them: by the key's length in bytes, then bytewise.</summary>
    private static bool WriteObject(JsonElement element, ArrayBufferWriter<byte> to)
    {
        var count = element.GetPropertyCount();
        var members = ArrayPool<JsonProperty>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (var p in element.EnumerateObject())
            {
                if (JsonMarshal.GetRawUtf8PropertyName(p).IndexOf((byte)'\\') >= 0) return false; // an escaped key: not worth ordering here
                members[n++] = p;
            }
            Array.Sort(members, 0, n, KeyOrder.Instance);
            Put(to, "{"u8);
            for (var i = 0; i < n; i++)
            {
                var key = JsonMarshal.GetRawUtf8PropertyName(members[i]);
                if (i > 0)
                {
                    if (key.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(members[i - 1]))) return false; // a repeated key: jsonb keeps the last
                    Put(to, ", "u8);
                }
                Put(to, "\""u8);
                Put(to, key);
                Put(to, "\": "u8);
                if (!Write(members[i].Value, to)) return false;
            }
            Put(to, "}"u8);
            return true;
        }
        finally
        {
            ArrayPool<JsonProperty>.Shared.Return(members, clearArray: true);
        }
    }

    private sealed class KeyOrder : IComparer<JsonProperty>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(JsonProperty x, JsonProperty y)
        {
            var a = JsonMarshal.GetRawUtf8PropertyName(x);
            var b = JsonMarshal.GetRawUtf8PropertyName(y);
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
        }
    }

    /// <summary>A string as jsonb's <c>escape_json</c> writes it.</summary>
    private static void String(string value, ArrayBufferWriter<byte> to)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        Encoding.UTF8.GetBytes(text.Append('"').ToString(), to);
    }

    private static void Put(ArrayBufferWriter<byte> to, ReadOnlySpan<byte> bytes) => to.Write(bytes);
}
