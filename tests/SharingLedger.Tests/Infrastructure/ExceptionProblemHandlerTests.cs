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
    public void Any_other_database_error_is_an_internal_error_that_recorded_nothing()
    {
        var details = ExceptionProblemHandler.Map(Postgres(PostgresErrorCodes.UndefinedTable));
        Assert.Equal((500, "The ledger could not complete the request; nothing was recorded."), (details.Status, details.Detail));
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
