using Alba;
using Microsoft.AspNetCore.Hosting;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>A host of its own with a tiny limit, so the shared host's tests are not throttled.</summary>
public class RateLimitTests(LedgerHost host)
{
    [Fact]
    public async Task Past_the_limit_a_caller_gets_429_with_retry_after_and_others_are_unaffected()
    {
        await using var limited = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", host.ConnectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "first");
            b.UseSetting("Auth:OperatorKeys:0:Key", "first-operator-key-0123456789");
            b.UseSetting("Auth:OperatorKeys:1:Name", "second");
            b.UseSetting("Auth:OperatorKeys:1:Key", "second-operator-key-0123456789");
            b.UseSetting("Limits:RequestsPerMinute", "3");
            b.UseSetting("Projections:DaemonMode", "Disabled"); // the shared host's daemon is the database's one writer of the hash chain
            b.UseEnvironment("Testing");
        });

        var statuses = new List<int>();
        string? retryAfter = null;
        for (var i = 0; i < 4; i++)
        {
            var r = await limited.Scenario(s => { s.Get.Url("/consortia"); s.WithRequestHeader("X-Api-Key", "first-operator-key-0123456789"); s.IgnoreStatusCode(); });
            statuses.Add(r.Context.Response.StatusCode);
            retryAfter ??= r.Context.Response.Headers.RetryAfter.FirstOrDefault();
        }
        var other = await limited.Scenario(s => { s.Get.Url("/consortia"); s.WithRequestHeader("X-Api-Key", "second-operator-key-0123456789"); s.IgnoreStatusCode(); });

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds is > 0 and <= 60, $"Retry-After: {retryAfter}");
        Assert.Equal(200, other.Context.Response.StatusCode);
    }

    /// <summary>
    /// Member callers are limited to 3 a minute, anonymous traffic to 3, everyone else to 1000. Each API key and each
    /// token subject floods its own bucket; anonymous traffic from the same address throttles none of them; the
    /// health endpoints answer whatever the traffic.
    /// </summary>
    [Fact]
    public async Task Each_key_and_token_subject_has_its_own_bucket_by_role_and_health_is_never_limited()
    {
        var api = new LedgerApi(host.Host);
        var p = await Principals.Create(api);
        var otherMemberKey = (await api.Ok(api.Post($"/consortia/{p.Consortium}/api-keys",
            new { label = "other-member", roles = new[] { "member" }, memberId = p.OtherMember }), 201)).GetProperty("key").GetString()!;

        await using var limited = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", host.ConnectionString);
            b.UseSetting("Auth:OperatorKeys:0:Name", "limited");
            b.UseSetting("Auth:OperatorKeys:0:Key", "limited-operator-key-0123456789");
            b.UseSetting("Auth:Jwt:Issuer", LedgerHost.JwtIssuer);
            b.UseSetting("Auth:Jwt:Audience", LedgerHost.JwtAudience);
            b.UseSetting("Auth:Jwt:SigningKey", LedgerHost.JwtSigningKey);
            b.UseSetting("Limits:RequestsPerMinute:Default", "1000");
            b.UseSetting("Limits:RequestsPerMinute:Member", "3");
            b.UseSetting("Limits:RequestsPerMinute:Anonymous", "3");
            b.UseSetting("Projections:DaemonMode", "Disabled"); // the shared host's daemon is the database's one writer of the hash chain
            b.UseEnvironment("Testing");
        });

        var unexpected = new List<string>();
        async Task<int> Get(string url, string? apiKey = null, string? bearer = null)
        {
            var r = await limited.Scenario(s =>
            {
                s.Get.Url(url);
                s.IgnoreStatusCode();
                if (apiKey is not null) s.WithRequestHeader("X-Api-Key", apiKey);
                if (bearer is not null) s.WithRequestHeader("Authorization", "Bearer " + bearer);
            });
            var status = r.Context.Response.StatusCode;
            // Anything but the answers this test expects is kept with its body, so that a failure says what the service said.
            if (status is not (200 or 401 or 429)) unexpected.Add($"{status} {url}: {await r.ReadAsTextAsync()}");
            return status;
        }
        void Expect(int[] expected, List<int> actual) =>
            Assert.True(actual.SequenceEqual(expected), $"[{string.Join(", ", actual)}], not [{string.Join(", ", expected)}]; {string.Join("; ", unexpected)}");
        async Task<List<int>> Times(int n, Func<Task<int>> call)
        {
            var statuses = new List<int>();
            for (var i = 0; i < n; i++) statuses.Add(await call());
            return statuses;
        }
        var own = $"/consortia/{p.Consortium}/members/{p.OwnMember}/obligations?fiscalYear=2026";
        var other = $"/consortia/{p.Consortium}/members/{p.OtherMember}/obligations?fiscalYear=2026";
        var firstToken = Principals.Token("member", p.Consortium, p.OwnMember, subject: "idp-member-system-1");
        var secondToken = Principals.Token("member", p.Consortium, p.OtherMember, subject: "idp-member-system-2");
        var thirdToken = Principals.Token("member", p.Consortium, p.OwnMember, subject: "idp-member-system-3");

        // Anonymous traffic from the caller's address uses up its bucket first.
        Expect([401, 401, 401, 429], await Times(4, () => Get($"/consortia/{p.Consortium}")));
        // Health answers anonymous probes past that limit, and never 429.
        var health = await Times(10, () => Get("/health/live"));
        health.AddRange(await Times(10, () => Get("/health/ready")));
        Assert.DoesNotContain(429, health);
        Assert.All(health.Take(10), s => Assert.Equal(200, s));

        // Member keys and member tokens: each floods its own bucket of 3.
        Expect([200, 200, 200, 429], await Times(4, () => Get(own, apiKey: p.Keys["member"])));
        Expect([200, 200, 200, 429], await Times(4, () => Get(own, bearer: firstToken)));
        Expect([200, 200, 200], await Times(3, () => Get(other, apiKey: otherMemberKey)));
        Expect([200, 200, 200], await Times(3, () => Get(other, bearer: secondToken)));
        Assert.Equal(200, await Get(own, bearer: thirdToken));

        // Staff keys and tokens get the default, not the members' limit.
        Assert.All(await Times(5, () => Get(own, apiKey: p.Keys["finance"])), s => Assert.Equal(200, s));
        Assert.All(await Times(5, () => Get(own, bearer: Principals.Token("auditor", p.Consortium, subject: "idp-auditor"))), s => Assert.Equal(200, s));

        // A throttled caller still gets health answers.
        Assert.Equal(200, await Get("/health/live", apiKey: p.Keys["member"]));
        Assert.Equal(200, await Get("/health/live", bearer: firstToken));
    }
}
