using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Membership;

public class MemberTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Admitted_members_are_listed_with_their_figures()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A", fte: 12000, population: 250000, budget: "3500000.00");
        await Api.AdmitMember(c, "B");

        var members = await Api.Ok(Api.Get($"/consortia/{c}/members"));

        Assert.Equal(2, members.GetArrayLength());
        var first = members[0];
        Assert.Equal(a, first.GetProperty("id").GetGuid());
        Assert.Equal(12000m, first.GetProperty("current").GetProperty("fte").GetDecimal());
        Assert.Equal("3500000.00", first.GetProperty("current").GetProperty("materialsBudget").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task A_second_member_with_the_same_code_is_a_409_and_not_recorded()
    {
        var c = await Api.EstablishConsortium();
        await Api.AdmitMember(c, "A");

        var (status, _) = await Api.Post($"/consortia/{c}/members", new
        {
            code = "A", name = "Copy", kind = "public", fte = 1, population = 1,
            materialsBudget = new { amount = "1.00", currency = "USD" }, effectiveFrom = "2025-01-01",
        });

        Assert.Equal(409, status);
        Assert.Equal(1, (await Api.Ok(Api.Get($"/consortia/{c}/members"))).GetArrayLength());
    }

    [Fact]
    public async Task Budget_in_a_foreign_currency_or_negative_fte_is_a_422_naming_the_fields()
    {
        var c = await Api.EstablishConsortium(currency: "USD");
        var (status, body) = await Api.Post($"/consortia/{c}/members", new
        {
            code = "X", name = "X", kind = "school", fte = -5, population = 10,
            materialsBudget = new { amount = "10.00", currency = "EUR" }, effectiveFrom = "2025-01-01",
        });

        Assert.Equal(422, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("fte", out _));
        Assert.True(errors.TryGetProperty("materialsBudget.currency", out _));
        Assert.Equal(0, (await Api.Ok(Api.Get($"/consortia/{c}/members"))).GetArrayLength());
    }

    [Fact]
    public async Task Details_change_from_their_effective_date_and_earlier_figures_are_kept()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A", fte: 1000, effectiveFrom: "2025-01-01");

        await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/details", new { effectiveFrom = "2026-01-01", fte = 1500 }));

        var member = await Api.Ok(Api.Get($"/consortia/{c}/members/{m}"));
        var figures = member.GetProperty("figures");
        Assert.Equal(2, figures.GetArrayLength());
        Assert.Equal(1000m, figures[0].GetProperty("fte").GetDecimal());
        Assert.Equal(1500m, figures[1].GetProperty("fte").GetDecimal());
        Assert.Equal("2026-01-01", figures[1].GetProperty("effectiveFrom").GetString());
        Assert.Equal(2, member.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_change_against_a_stale_version_is_a_409()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/details", new { effectiveFrom = "2026-01-01", fte = 1500, expectedVersion = 1 }));

        var (status, _) = await Api.Post($"/consortia/{c}/members/{m}/details", new { effectiveFrom = "2026-02-01", fte = 1600, expectedVersion = 1 });

        Assert.Equal(409, status);
        Assert.Equal(2, (await Api.Ok(Api.Get($"/consortia/{c}/members/{m}"))).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Withdrawing_twice_is_a_409()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.Post($"/consortia/{c}/members/{m}/withdrawal", new { effectiveFrom = "2026-06-30", reason = "Merged" }));

        var (status, _) = await Api.Post($"/consortia/{c}/members/{m}/withdrawal", new { effectiveFrom = "2026-07-30", reason = "Again" });

        Assert.Equal(409, status);
        Assert.Equal("2026-06-30", (await Api.Ok(Api.Get($"/consortia/{c}/members/{m}"))).GetProperty("withdrawnOn").GetString());
    }

    [Fact]
    public async Task Hubs_exist_only_in_multi_level_consortia()
    {
        var flat = await Api.EstablishConsortium(organisation: "parallel");
        var hub = await Api.AdmitMember(flat, "H");
        var (status, body) = await Api.Post($"/consortia/{flat}/members", new
        {
            code = "M", name = "M", kind = "public", fte = 1, population = 1,
            materialsBudget = new { amount = "1.00", currency = "USD" }, hubId = hub, effectiveFrom = "2025-01-01",
        });
        Assert.Equal(422, status);
        Assert.True(body.GetProperty("errors").TryGetProperty("hubId", out _));

        var tiered = await Api.EstablishConsortium(organisation: "multiLevel");
        var tieredHub = await Api.AdmitMember(tiered, "H");
        var member = await Api.AdmitMember(tiered, "M", hubId: tieredHub);
        var read = await Api.Ok(Api.Get($"/consortia/{tiered}/members/{member}"));
        Assert.Equal(tieredHub, read.GetProperty("current").GetProperty("hubId").GetGuid());
    }

    [Fact]
    public async Task A_member_of_another_consortium_is_not_found_here()
    {
        var c1 = await Api.EstablishConsortium();
        var c2 = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c1, "A");

        var (status, _) = await Api.Get($"/consortia/{c2}/members/{m}");

        Assert.Equal(404, status);
    }
}
