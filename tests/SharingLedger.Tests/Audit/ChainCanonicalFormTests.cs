using SharingLedger.Audit;

namespace SharingLedger.Tests.Audit;

public class ChainCanonicalFormTests
{
    private static StoredEvent Event(string data, string? user = "operator:tests", string tenant = "0192f5d2-0000-7000-8000-00000000000c") => new(
        42, Guid.Parse("0192f5d2-0000-7000-8000-000000000001"), Guid.Parse("0192f5d2-0000-7000-8000-000000000002"), 3,
        "member_admitted", "2026-11-27T12:00:00.000000Z", data, user, null, null, tenant);

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
}
