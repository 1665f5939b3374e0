using Alba;
using SharingLedger.Tests.Access;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

public class FiscalPeriodTests(LedgerHost host) : LedgerTest(host)
{
    // The test clock stands at 2026-11-27 (Asia/Shanghai): October 2026 is over, November is not.

    [Fact]
    public async Task The_auditor_closes_a_past_period_and_its_digest_is_the_chains_head()
    {
        var c = await Api.EstablishConsortium(fiscalYearStartMonth: 7);
        var consortiumEvent = (await Host.SequencesOf(c)).Single();
        await Host.WaitForLink(consortiumEvent);

        var closed = await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("operator:tests", closed.GetProperty("closedBy").GetString());
        var digest = closed.GetProperty("digest");
        var sequence = digest.GetProperty("sequence").GetInt64();
        Assert.True(sequence >= consortiumEvent);
        Assert.True(closed.GetProperty("eventLogSequence").GetInt64() >= sequence);
        var link = await Host.WaitForLink(sequence);
        Assert.Equal(link.Hash, digest.GetProperty("hash").GetString());

        var list = await Api.Ok(Api.Get($"/consortia/{c}/periods?fiscalYear=2026"));
        Assert.Equal("2026-07-01", list.GetProperty("start").GetString());
        var periods = list.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(12, periods.Count);
        Assert.Equal("2026-07", periods[0].GetProperty("period").GetString());
        Assert.Equal("2027-06", periods[11].GetProperty("period").GetString());
        var october = periods[3];
        Assert.Equal("2026-10", october.GetProperty("period").GetString());
        Assert.Equal("closed", october.GetProperty("status").GetString());
        Assert.Equal(sequence, october.GetProperty("digest").GetProperty("sequence").GetInt64());
        Assert.All(periods.Where(p => p.GetProperty("period").GetString() != "2026-10"), p => Assert.Equal("open", p.GetProperty("status").GetString()));

        // the current fiscal year is the default
        var current = await Api.Ok(Api.Get($"/consortia/{c}/periods"));
        Assert.Equal(2026, current.GetProperty("fiscalYear").GetInt32());
    }

    [Fact]
    public async Task A_period_closes_once_and_only_when_it_is_over()
    {
        var c = await Api.EstablishConsortium();
        Assert.Equal(422, (await Api.Post($"/consortia/{c}/periods/2026-11/closing", new { })).Status);
        Assert.Equal(400, (await Api.Post($"/consortia/{c}/periods/2026-13/closing", new { })).Status);
        Assert.Equal(404, (await Api.Post($"/consortia/{Guid.NewGuid()}/periods/2026-10/closing", new { })).Status);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { }));
        Assert.Equal(409, (await Api.Post($"/consortia/{c}/periods/2026-10/closing", new { })).Status);
    }

    [Fact]
    public async Task Reopening_needs_a_reason_is_recorded_and_the_period_can_close_again()
    {
        var c = await Api.EstablishConsortium();
        Assert.Equal(409, (await Api.Post($"/consortia/{c}/periods/2026-09/reopening", new { reason = "Nothing to reopen" })).Status);
        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-09/closing", new { }));

        var (status, problem) = await Api.Post($"/consortia/{c}/periods/2026-09/reopening", new { reason = "  " });
        Assert.Equal(422, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));

        var reopened = await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-09/reopening", new { reason = "Late invoice from the vendor" }));
        Assert.Equal("open", reopened.GetProperty("status").GetString());
        var history = reopened.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["closed", "reopened"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("Late invoice from the vendor", history[1].GetProperty("reason").GetString());

        var again = await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-09/closing", new { }));
        Assert.Equal("closed", again.GetProperty("status").GetString());
        Assert.Equal(3, again.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Only_the_auditor_closes_and_reopens_and_staff_read_the_periods()
    {
        var p = await Principals.Create(Api);
        async Task<int> As(string role, string method, string url, object? body = null)
        {
            var result = await Host.Host.Scenario(s =>
            {
                s.IgnoreStatusCode();
                if (method == "POST") s.Post.Json(body ?? new { }).ToUrl(url); else s.Get.Url(url);
                s.WithRequestHeader("X-Api-Key", p.Keys[role]);
            });
            return result.Context.Response.StatusCode;
        }
        var close = $"/consortia/{p.Consortium}/periods/2026-08/closing";
        Assert.Equal(403, await As("finance", "POST", close));
        Assert.Equal(403, await As("admin", "POST", close));
        Assert.Equal(403, await As("member", "POST", close));
        Assert.Equal(200, await As("auditor", "POST", close));
        Assert.Equal(403, await As("finance", "POST", $"/consortia/{p.Consortium}/periods/2026-08/reopening", new { reason = "x" }));
        Assert.Equal(200, await As("finance", "GET", $"/consortia/{p.Consortium}/periods"));
        Assert.Equal(403, await As("member", "GET", $"/consortia/{p.Consortium}/periods"));
        Assert.Equal(200, await As("auditor", "GET", $"/consortia/{p.Consortium}/audit/verification"));
        Assert.Equal(403, await As("finance", "GET", $"/consortia/{p.Consortium}/audit/verification"));
    }
}
