using Npgsql;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>What escapes an endpoint becomes problem details: races between writers are 409s that ask for a retry, not 500s.</summary>
public class ExceptionProblemHandlerTests
{
    private static PostgresException Postgres(string sqlState) => new("boom", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    public void A_lost_race_in_the_database_is_a_conflict(string sqlState)
    {
        Assert.Equal(409, ExceptionProblemHandler.Map(Postgres(sqlState)).Status);
        // Marten wraps what Npgsql throws.
        Assert.Equal(409, ExceptionProblemHandler.Map(new InvalidOperationException("saving failed", Postgres(sqlState))).Status);
    }

    [Fact]
    public void A_taken_event_number_after_a_crash_is_a_503_to_send_again_not_a_conflict()
    {
        // PostgreSQL names the constraint; only the events' sequence key is the store's own fault (EventSequenceCollision).
        var collision = new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation, constraintName: "pkey_mt_events_seq_id");
        var details = ExceptionProblemHandler.Map(new InvalidOperationException("saving failed", collision), "POST");
        Assert.Equal(503, details.Status);
        Assert.Contains("not recorded", details.Detail);
        Assert.Contains("Idempotency-Key", details.Detail);

        var businessKey = new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation, constraintName: "mt_doc_member_uidx_consortium_idcode");
        Assert.Equal(409, ExceptionProblemHandler.Map(businessKey, "POST").Status);
    }

    [Fact]
    public void Any_other_database_error_is_an_internal_error_that_claims_nothing_about_what_was_recorded()
    {
        var details = ExceptionProblemHandler.Map(Postgres(PostgresErrorCodes.UndefinedTable));
        Assert.Equal(500, details.Status);
        Assert.DoesNotContain("nothing was recorded", details.Detail);
        Assert.Contains("same key", details.Detail);
    }

    public static TheoryData<string, Exception> Outages => new()
    {
        { "server shutting down", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "server crashed", Postgres(PostgresErrorCodes.CrashShutdown) },
        { "server starting", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "connection failure", Postgres(PostgresErrorCodes.ConnectionFailure) },
        { "no connection slots", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "socket closed mid-read", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "connection refused", new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111)) },
        { "timeout", new TimeoutException("Timeout during reading attempt") },
        { "wrapped by Marten", new InvalidOperationException("saving failed", new NpgsqlException("Exception while writing to stream", new IOException())) },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void A_lost_database_during_a_write_is_a_503_saying_the_outcome_is_unknown(string what, Exception e)
    {
        var details = ExceptionProblemHandler.Map(e, "POST");
        Assert.True(details.Status == 503, what);
        Assert.Equal("https://sharingledger.example/problems/outcome-unknown", details.Type);
        Assert.Contains("unknown", details.Detail);
        Assert.Contains("same Idempotency-Key", details.Detail);
        Assert.DoesNotContain("nothing was recorded", details.Detail);
    }

    [Theory]
    [MemberData(nameof(Outages))]
    public void A_lost_database_during_a_read_is_a_503_to_try_again(string what, Exception e)
    {
        var details = ExceptionProblemHandler.Map(e, "GET");
        Assert.True(details.Status == 503, what);
        Assert.Equal("https://sharingledger.example/problems/unavailable", details.Type);
    }

    [Fact]
    public void A_race_or_a_rule_is_not_an_outage()
    {
        Assert.False(ExceptionProblemHandler.IsOutage(Postgres(PostgresErrorCodes.UniqueViolation)));
        Assert.False(ExceptionProblemHandler.IsOutage(Postgres(PostgresErrorCodes.UndefinedTable)));
        Assert.False(ExceptionProblemHandler.IsOutage(new InvalidOperationException("a defect")));
    }

    [Fact]
    public void A_value_refused_while_reading_a_body_keeps_its_status_and_names_its_field()
    {
        var rule = ExceptionProblemHandler.Map(new InvalidOperationException("binding failed",
            new SharingLedger.Infrastructure.Json.InputRejectedException(422, "Must be from 1900-01-01 to 2200-12-31.", ".receivedOn")));
        Assert.Equal(422, rule.Status);
        Assert.Equal(["Must be from 1900-01-01 to 2200-12-31."], Assert.IsType<Dictionary<string, string[]>>(rule.Extensions["errors"])["receivedOn"]);

        var unreadable = ExceptionProblemHandler.Map(new SharingLedger.Infrastructure.Json.InputRejectedException(400, "Must be a number.", ".fte"));
        Assert.Equal((400, "fte: Must be a number."), (unreadable.Status, unreadable.Detail));
    }

    [Fact]
    public void A_body_over_the_size_limit_is_a_413_not_a_400()
    {
        var details = ExceptionProblemHandler.Map(new Microsoft.AspNetCore.Http.BadHttpRequestException("Request body too large.", 413));
        Assert.Equal(413, details.Status);
        Assert.Equal(400, ExceptionProblemHandler.Map(new Microsoft.AspNetCore.Http.BadHttpRequestException("Bad chunk.", 400)).Status);
    }
}
