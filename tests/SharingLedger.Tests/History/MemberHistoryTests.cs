using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.History;

public class MemberHistoryTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task History_lists_the_members_events_and_its_dues_in_recorded_order()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{a}/details", new { effectiveFrom = "2025-06-01", fte = 10 }));
        await Api.Ok(Api.AdoptAgreement(c, [a, b], new { method = "equal" }, annualAmount: "10.01"), 201);
        await Api.Ok(Api.AssessDues(c, 2026), 201);

        var history = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/history"));

        var types = history.EnumerateArray().Select(e => e.GetProperty("eventType").GetString()).ToList();
        Assert.Equal(["member_admitted", "member_details_changed", "dues_assessed"], types);
        var sequences = history.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        var dues = history[2].GetProperty("data");
        Assert.Equal(a, dues.GetProperty("share").GetProperty("memberId").GetGuid());
        Assert.Equal("5.01", dues.GetProperty("share").GetProperty("amount").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Another_members_events_are_not_in_the_history()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        var b = await Api.AdmitMember(c, "B");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{b}/withdrawal", new { effectiveFrom = "2026-01-01", reason = "Closed" }));

        var history = await Api.Ok(Api.Get($"/consortia/{c}/members/{a}/history"));

        Assert.All(history.EnumerateArray(), e => Assert.Equal(a, e.GetProperty("streamId").GetGuid()));
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task An_unparseable_query_value_is_a_400()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");

        var (status, _) = await Api.Get($"/consortia/{c}/members/{a}/obligations?fiscalYear=abc");

        Assert.Equal(400, status);
    }
}
