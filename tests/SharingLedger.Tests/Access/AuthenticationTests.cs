using SharingLedger.Infrastructure.Marten;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

public class AuthenticationTests(LedgerHost host) : LedgerTest(host)
{
    private async Task<int> GetAs(string url, string? apiKey = null, string? bearer = null)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
            if (bearer is not null) s.WithRequestHeader("Authorization", "Bearer " + bearer);
            else s.WithRequestHeader("X-Api-Key", apiKey ?? "");
        });
        return result.Context.Response.StatusCode;
    }

    [Fact]
    public async Task Without_credentials_a_request_is_a_401()
    {
        var c = await Api.EstablishConsortium();
        Assert.Equal(401, await GetAs($"/consortia/{c}"));
        Assert.Equal(401, await GetAs($"/consortia/{c}", apiKey: "sl_00000000000000000000000000000000_notarealsecretatallreally"));
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes_and_rotation_and_revocation_take_effect_at_once()
    {
        var p = await Principals.Create(Api);
        var url = $"/consortia/{p.Consortium}/members/{p.OwnMember}/obligations?fiscalYear=2026";
        Assert.Equal(200, await GetAs(url, p.Keys["member"]));

        await using (var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(p.Consortium))
        {
            var stored = await session.Query<SharingLedger.Access.ApiKey>()
                .Where(k => k.ConsortiumId == p.Consortium).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(4, stored.Count);
            Assert.All(stored, k => Assert.DoesNotContain(k.SecretHash, string.Join(" ", p.Keys.Values)));
        }

        var keys = await Api.Ok(Api.Get($"/consortia/{p.Consortium}/api-keys"));
        var memberKeyId = keys.EnumerateArray().Single(k => k.GetProperty("label").GetString() == "member").GetProperty("id").GetGuid();
        var rotated = await Api.Ok(Api.Post($"/consortia/{p.Consortium}/api-keys/{memberKeyId}/rotation", new { }));
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.Equal(401, await GetAs(url, p.Keys["member"]));
        Assert.Equal(200, await GetAs(url, newKey));

        await Api.Ok(Api.Post($"/consortia/{p.Consortium}/api-keys/{memberKeyId}/revocation", new { reason = "Laptop lost" }));
        Assert.Equal(401, await GetAs(url, newKey));
    }

    [Fact]
    public async Task Signed_bearer_tokens_from_the_identity_provider_are_accepted_and_forged_or_expired_ones_are_not()
    {
        var p = await Principals.Create(Api);
        var url = $"/consortia/{p.Consortium}/reconciliation?fiscalYear=2026";

        Assert.Equal(200, await GetAs(url, bearer: Principals.Token("finance", p.Consortium)));
        Assert.Equal(403, await GetAs(url, bearer: Principals.Token("member", p.Consortium, p.OwnMember)));
        Assert.Equal(404, await GetAs($"/consortia/{Guid.NewGuid()}/reconciliation", bearer: Principals.Token("finance", p.Consortium)));
        Assert.Equal(401, await GetAs(url, bearer: Principals.Token("finance", p.Consortium, signingKey: "someone-elses-signing-key-0123456789abcdef")));
        Assert.Equal(401, await GetAs(url, bearer: Principals.Token("finance", p.Consortium, expires: DateTime.UtcNow.AddHours(-1))));
    }

    [Fact]
    public async Task Every_event_records_who_acted()
    {
        var p = await Principals.Create(Api);
        await Host.Host.Scenario(s =>
        {
            s.Post.Json(new { effectiveFrom = "2026-01-01", fte = 7 }).ToUrl($"/consortia/{p.Consortium}/members/{p.OwnMember}/details");
            s.WithRequestHeader("X-Api-Key", p.Keys["admin"]);
        });

        var history = await Api.Ok(Api.Get($"/consortia/{p.Consortium}/members/{p.OwnMember}/history"));

        Assert.Equal("operator:tests", history[0].GetProperty("recordedBy").GetString());
        Assert.StartsWith("key:", history[1].GetProperty("recordedBy").GetString());
        Assert.EndsWith(":admin", history[1].GetProperty("recordedBy").GetString());
    }
}
