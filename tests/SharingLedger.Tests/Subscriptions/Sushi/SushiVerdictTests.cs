using System.Text.Json;
using NodaTime;
using SharingLedger.Subscriptions.Sushi;

namespace SharingLedger.Tests.Subscriptions.Sushi;

/// <summary>How a vendor's answer is judged, by the COUNTER_SUSHI specification's exception codes, and the schedule's arithmetic.</summary>
public class SushiVerdictTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private const string ReportWithItem = """{"Report_Header":{"Report_ID":"TR","Exceptions":[{"Code":3040,"Message":"Partial Data Returned"}]},"Report_Items":[{"Title":"T"}]}""";

    [Theory]
    [InlineData(1000, VerdictKind.Retry)] // Service Not Available
    [InlineData(1010, VerdictKind.Retry)] // Service Busy
    [InlineData(1011, VerdictKind.Retry)] // Report Queued for Processing
    [InlineData(1020, VerdictKind.Retry)] // Client has made too many requests
    [InlineData(3031, VerdictKind.Retry)] // Usage Not Ready for Requested Dates
    [InlineData(3030, VerdictKind.NoUsage)] // No Usage Available for Requested Dates
    [InlineData(1030, VerdictKind.Final)] // Insufficient Information to Process Request
    [InlineData(2000, VerdictKind.Final)] // Requestor Not Authorized to Access Service
    [InlineData(2010, VerdictKind.Final)] // Requestor is Not Authorized to Access Usage for Institution
    [InlineData(2020, VerdictKind.Final)] // APIKey Invalid
    [InlineData(3000, VerdictKind.Final)] // Report Not Supported
    [InlineData(3020, VerdictKind.Final)] // Invalid Date Arguments
    public void A_bare_exception_is_judged_by_its_code(int code, VerdictKind expected)
    {
        var verdict = SushiVerdicts.Judge(400, Json($$"""{"Code":{{code}},"Severity":"Error","Message":"m"}"""), null);
        Assert.Equal(expected, verdict.Kind);
        Assert.Equal(code, verdict.Exception?.Code);
    }

    [Fact]
    public void Exceptions_in_a_report_header_and_in_an_array_are_read()
    {
        Assert.Equal(VerdictKind.NoUsage, SushiVerdicts.Judge(200,
            Json("""{"Report_Header":{"Report_ID":"TR","Exceptions":[{"Code":3030,"Message":"No Usage Available for Requested Dates"}]},"Report_Items":[]}"""), null).Kind);
        Assert.Equal(VerdictKind.Retry, SushiVerdicts.Judge(200, Json("""[{"Code":"1011","Message":"Report Queued for Processing"}]"""), null).Kind);
    }

    [Fact]
    public void A_report_with_items_is_imported_and_its_warnings_kept()
    {
        var verdict = SushiVerdicts.Judge(200, Json(ReportWithItem), null);
        Assert.Equal(VerdictKind.Report, verdict.Kind);
        Assert.Equal(3040, Assert.Single(verdict.Notes).Code);
    }

    [Theory]
    [InlineData(500, VerdictKind.Retry)]
    [InlineData(502, VerdictKind.Retry)]
    [InlineData(503, VerdictKind.Retry)]
    [InlineData(429, VerdictKind.Retry)]
    [InlineData(401, VerdictKind.Final)]
    [InlineData(404, VerdictKind.Final)]
    public void Without_a_counter_exception_the_http_status_decides(int status, VerdictKind expected) =>
        Assert.Equal(expected, SushiVerdicts.Judge(status, null, "The answer is not JSON.").Kind);

    [Fact]
    public void No_answer_is_tried_again() =>
        Assert.Equal(VerdictKind.Retry, SushiVerdicts.Judge(null, null, "No answer within 120 seconds.").Kind);

    [Fact]
    public void Backoff_follows_the_delays_honours_a_longer_retry_after_and_ends()
    {
        TimeSpan[] delays = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];
        Assert.Equal(TimeSpan.FromMinutes(5), SushiDecisions.Backoff(1, delays, null));
        Assert.Equal(TimeSpan.FromMinutes(30), SushiDecisions.Backoff(2, delays, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromHours(1), SushiDecisions.Backoff(2, delays, TimeSpan.FromHours(1)));
        Assert.Null(SushiDecisions.Backoff(3, delays, null));
    }

    [Fact]
    public void The_next_run_is_the_harvest_day_at_three_utc()
    {
        Assert.Equal(Instant.FromUtc(2026, 11, 28, 3, 0), SushiDecisions.NextRun(Instant.FromUtc(2026, 11, 27, 12, 0), 28));
        Assert.Equal(Instant.FromUtc(2026, 12, 28, 3, 0), SushiDecisions.NextRun(Instant.FromUtc(2026, 11, 28, 3, 0), 28));
        Assert.Equal(Instant.FromUtc(2027, 1, 1, 3, 0), SushiDecisions.NextRun(Instant.FromUtc(2026, 12, 15, 0, 0), 1));
    }

    [Fact]
    public void The_vendor_echoing_a_secret_is_scrubbed() =>
        Assert.Equal("api_key *** is not known for ***", new SushiCredentials("req-1", "key-9").Scrub("api_key key-9 is not known for req-1"));
}
