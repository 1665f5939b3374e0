using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Alba;
using SharingLedger.Tests.Infrastructure;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Obligations;

/// <summary>
/// Today's obligations are worked out in a fixed number of round trips to PostgreSQL, however many kinds of obligation the slices
/// add: every source's reads go in one batch. The round trips of one request are counted from Npgsql's own tracing (an activity
/// per command or batch sent), picked out by the W3C trace id the request is sent with.
/// </summary>
public class ObligationsRoundTripsTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Obligations_worked_out_again_after_a_change_take_six_round_trips()
    {
        var answers = new StoredAnswersTests(Host);
        var (c, a) = await answers.MemberAssessed500(); // A owes 500.00 of dues
        var url = $"/consortia/{c}/members/{a}/obligations";
        await Api.Ok(Api.Get(url)); // worked out and stored once
        await answers.Pay200(c, a);

        var (answer, roundTrips) = await CountRoundTrips(url); // stale after the payment: worked out again
        Assert.Equal("200.00", answer.GetProperty("account").GetProperty("paid").GetProperty("amount").GetString());
        // The stored answer's stamps; the consortium and the member; every source's reads (dues, subscriptions, procurements, lending,
        // in kind, reimbursement, collecting: eleven statements); the account's sums and its open items; the answer stored.
        Assert.Equal(6, roundTrips);

        var (stored, again) = await CountRoundTrips(url);
        Assert.Equal(answer.ToString(), stored.ToString());
        Assert.Equal(1, again); // stored: the stamps' read alone
    }

    private async Task<(JsonElement Answer, int RoundTrips)> CountRoundTrips(string url)
    {
        var trace = ActivityTraceId.CreateRandom();
        var sent = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.Source.Name == "Npgsql" && activity.TraceId == trace) sent.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await Host.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.WithRequestHeader("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        });
        return (JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone(), sent.Count);
    }
}
