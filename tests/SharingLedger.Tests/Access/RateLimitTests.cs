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
}
