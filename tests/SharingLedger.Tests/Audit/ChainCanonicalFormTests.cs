using System.Buffers;
using System.Text;
using System.Text.Json;
using SharingLedger.Audit;

namespace SharingLedger.Tests.Audit;

public class ChainCanonicalFormTests
{
    private static StoredEvent Event(string data, string? user = "operator:tests", string tenant = "0192f5d2-0000-7000-8000-00000000000c") => new(
        42, Guid.Parse("0192f5d2-0000-7000-8000-000000000001"), Guid.Parse("0192f5d2-0000-7000-8000-000000000002"), 3,
        "member_admitted", "2026-11-27T12:00:00.000000Z", Encoding.UTF8.GetBytes(data), user, null, null, tenant);

    [Fact]
    public void The_canonical_form_sorts_keys_at_every_depth_and_drops_white_space()
    {
        var form = ChainCanonicalForm.Canonical(Event("""{ "b": 1.50, "a": {"y": [ {"d":1,"c":2} ], "x": "é"} }"""), ChainCanonicalForm.Genesis);
        Assert.Equal(
            """{"causationId":null,"correlationId":null,"data":{"a":{"x":"\u00E9","y":[{"c":2,"d":1}]},"b":1.50},"eventId":"0192f5d2-0000-7000-8000-000000000001","eventType":"member_admitted","previousHash":"0000000000000000000000000000000000000000000000000000000000000000","sequence":42,"streamId":"0192f5d2-0000-7000-8000-000000000002","tenantId":"0192f5d2-0000-7000-8000-00000000000c","timestamp":"2026-11-27T12:00:00.000000Z","userName":"operator:tests","version":3}""",
            form);
    }

    [Fact]
    public void The_hash_depends_on_data_metadata_and_the_previous_link_but_not_on_key_order()
    {
        var a = ChainCanonicalForm.Hash(Event("""{"a":1,"b":2}"""), ChainCanonicalForm.Genesis);
        Assert.Equal(a, ChainCanonicalForm.Hash(Event("""{"b":2,  "a":1}"""), ChainCanonicalForm.Genesis));
        Assert.NotEqual(a, ChainCanonicalForm.Hash(Event("""{"a":1,"b":3}"""), ChainCanonicalForm.Genesis));
        Assert.NotEqual(a, ChainCanonicalForm.Hash(Event("""{"a":1,"b":2}""", user: "someone"), ChainCanonicalForm.Genesis));
        Assert.NotEqual(a, ChainCanonicalForm.Hash(Event("""{"a":1,"b":2}""", tenant: "0192f5d2-0000-7000-8000-00000000000d"), ChainCanonicalForm.Genesis)); // moved to another consortium
        Assert.NotEqual(a, ChainCanonicalForm.Hash(Event("""{"a":1,"b":2}"""), new string('1', 64)));
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Fact]
    public void A_previous_hash_given_as_its_bytes_hashes_as_its_hex_digits_do()
    {
        var previous = Convert.FromHexString("00ff10a9b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9dadbecfd");
        var e = Event("""{"a":1}""");
        Assert.Equal(ChainCanonicalForm.Hash(e, "00ff10a9b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9dadbecfd"),
            Convert.ToHexStringLower(ChainCanonicalForm.Prepare(e).HashWith(previous)));
        Assert.Equal(ChainCanonicalForm.Hash(e, ChainCanonicalForm.Genesis), Convert.ToHexStringLower(ChainCanonicalForm.Prepare(e).HashWith(new byte[32])));
        Assert.Throws<ArgumentException>(() => ChainCanonicalForm.Prepare(e).HashWith(new byte[31]));
    }

    /// <summary>
    /// The canonical form chains made before must still verify: the form is the same bytes as the first, plain way of writing it
    /// (kept below as the reference: every key sorted by its decoded name, every string decoded and written again), also for
    /// escapes, characters the encoder escapes, keys outside ASCII and characters outside the BMP.
    /// </summary>
    [Theory]
    [InlineData("""{"b+":"a\"b\\c<d>\n\u00e9 & ' ` +","é":1,"a\u0041":"x+y","z":[1e2,-0.5,true,false,null,{},[]],"E":"plain"}""")]
    [InlineData("""{"😀":"😀","\ud83d\ude00x":2,"\uffff":3,"\u00e9":{"b":"\u0000\t","a":"\u2028"},"":""}""")]
    [InlineData("""{"amount":{"minor":123456789012345678901234567890,"currency":"EUR"},"when":"2026-11-27","note":null,"name":"Bibliothèque 😀 <b>"}""")]
    [InlineData("""[{"b":1,"a":2},"x",1.0]""")]
    [InlineData("""null""")]
    public void The_canonical_form_is_the_same_bytes_as_the_reference(string data)
    {
        var e = Event(data);
        Assert.Equal(Reference(e, ChainCanonicalForm.Genesis), ChainCanonicalForm.Canonical(e, ChainCanonicalForm.Genesis));
    }

    private static string Reference(StoredEvent e, string previousHash)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Nullable(w, "causationId", e.CausationId);
            Nullable(w, "correlationId", e.CorrelationId);
            w.WritePropertyName("data");
            using (var doc = JsonDocument.Parse(e.Data)) Sorted(w, doc.RootElement);
            w.WriteString("eventId", e.EventId.ToString("D"));
            w.WriteString("eventType", e.EventType);
            w.WriteString("previousHash", previousHash);
            w.WriteNumber("sequence", e.Sequence);
            w.WriteString("streamId", e.StreamId.ToString("D"));
            w.WriteString("tenantId", e.TenantId);
            w.WriteString("timestamp", e.Timestamp);
            Nullable(w, "userName", e.UserName);
            w.WriteNumber("version", e.Version);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);

        static void Nullable(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null) w.WriteNull(name);
            else w.WriteString(name, value);
        }

        static void Sorted(Utf8JsonWriter w, JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    w.WriteStartObject();
                    foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        w.WritePropertyName(p.Name);
                        Sorted(w, p.Value);
                    }
                    w.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    w.WriteStartArray();
                    foreach (var item in e.EnumerateArray()) Sorted(w, item);
                    w.WriteEndArray();
                    break;
                case JsonValueKind.String: w.WriteStringValue(e.GetString()); break;
                case JsonValueKind.Number: w.WriteRawValue(e.GetRawText(), skipInputValidation: true); break;
                case JsonValueKind.True: w.WriteBooleanValue(true); break;
                case JsonValueKind.False: w.WriteBooleanValue(false); break;
                default: w.WriteNullValue(); break;
            }
        }
    }
}
