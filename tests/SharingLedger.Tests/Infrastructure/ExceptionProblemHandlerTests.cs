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
}
