using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SharingLedger.Host;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// The settings check at start (<see cref="Settings"/>): a name under the service's own sections that it does not read stops the
/// start, named, with the name it was likely meant to be; the names it reads, and every name outside its sections, pass.
/// </summary>
public class SettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>
    /// The settings the deployment files, the README and docs/architecture.md ("Settings") tell an operator to set, in the forms
    /// they are given (environment variables arrive with ':' for '__', in whatever case they were written).
    /// </summary>
    public static TheoryData<string> Documented =>
    [
        "ConnectionStrings:Ledger", "Tenancy:Databases:east", "Tenancy:NewConsortiaIn", "Tenancy:Consortia:0193a3c1-5f24-7ed8-a385-eb2e5ad17fb4",
        "Auth:OperatorKeys:0:Name", "Auth:OperatorKeys:0:Key", "Auth:OperatorKeys:12:Roles",
        "Auth:Jwt:Issuer", "Auth:Jwt:Audience", "Auth:Jwt:SigningKey", "Auth:Jwt:Authority", "Auth:Jwt:RequireHttpsMetadata",
        "Limits:RequestsPerMinute", "Limits:RequestsPerMinute:Default", "Limits:RequestsPerMinute:Member", "Limits:RequestsPerMinute:Finance",
        "Limits:RequestsPerMinute:Auditor", "Limits:RequestsPerMinute:Admin", "Limits:RequestsPerMinute:Operator", "Limits:RequestsPerMinute:Anonymous",
        "Limits:MaxBodyBytes", "Limits:LoanImportMaxBodyBytes", "Limits:MaxImportRows", "Limits:MaxPageSize",
        "Projections:DaemonMode", "Projections:Distribution",
        "Durability:Mode", "Durability:CheckAssignmentPeriod", "Durability:HealthCheckPollingTime", "Durability:StaleNodeTimeout",
        "Startup:WarmUpSeconds", "Health:MaxProjectionLag", "Audit:ChainCheckSeconds", "Audit:ChainGraceSeconds",
        "Demo:Seed", "DataProtection:KeysPath", "Telemetry:OtlpEndpoint",
        "Sushi:TimeoutSeconds", "Sushi:MaxAnswerBytes", "Sushi:RetryDelays:0", "Sushi:RetryDelays:3", "Sushi:ScheduledPolling",
        "Codegen:OutputPath", "EmbeddedPostgres:DataRoot", "EmbeddedPostgres:Name",
        "TENANCY:NEWCONSORTIAIN", "auth:operatorkeys:0:key",
        "ConnectionStrings:Ledger_ProviderName", // what .NET adds for a SQLCONNSTR_Ledger variable
    ];

    [Theory]
    [MemberData(nameof(Documented))]
    public void A_setting_the_service_reads_passes(string name) =>
        Assert.Empty(Settings.Unknown(Configuration((name, "x"))));

    [Theory]
    [InlineData("Tenancy:NewConsortiumIn", "Tenancy:NewConsortiaIn")]
    [InlineData("Tenancy:Database:east", "Tenancy:Databases:east")]
    [InlineData("Auth:OperatorKeys:0:Kye", "Auth:OperatorKeys:0:Key")]
    [InlineData("Auth:OperatorKey:0:Key", "Auth:OperatorKeys:0:Key")]
    [InlineData("ConnectionStrings:Leger", "ConnectionStrings:Ledger")]
    [InlineData("Limits:RequestsPerMinute:Finances", "Limits:RequestsPerMinute:Finance")]
    [InlineData("Durability:StaleNodeTimout", "Durability:StaleNodeTimeout")]
    [InlineData("Startup:WarmupSecond", "Startup:WarmUpSeconds")]
    [InlineData("Projections:Distibution", "Projections:Distribution")]
    public void A_misspelt_setting_is_named_with_the_one_meant(string written, string meant)
    {
        var unknown = Assert.Single(Settings.Unknown(Configuration((written, "x"), ("Demo:Seed", "false"))));
        Assert.Equal((written, meant), (unknown.Name, unknown.Meant));
    }

    [Theory]
    [InlineData("Limits:RequestsPerMinute:Librarian")]
    [InlineData("Tenancy:Databases")]
    [InlineData("Auth:OperatorKeys:first:Key")]
    [InlineData("Audit:Retention")]
    public void A_name_under_the_services_sections_that_it_does_not_read_is_refused(string name) =>
        Assert.Equal(name, Assert.Single(Settings.Unknown(Configuration((name, "x")))).Name);

    [Theory]
    [InlineData("Logging:LogLevel:Default")]
    [InlineData("Kestrel:Endpoints:Http:Url")]
    [InlineData("AllowedHosts")]
    [InlineData("PATH")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("POSTGRES_PASSWORD")]
    public void Names_outside_the_services_sections_are_not_its_to_refuse(string name) =>
        Assert.Empty(Settings.Unknown(Configuration((name, "x"))));

    [Fact]
    public void The_refusal_names_every_unknown_setting_and_what_to_do()
    {
        var refused = Assert.Throws<UnknownSettingsException>(() => Settings.Check(Configuration(
            ("Tenancy:NewConsortiumIn", "east"), ("Auth:OperatorKeys:0:Kye", "secret"), ("Auth:OperatorKeys:0:Name", "operator"))));
        Assert.Contains("Tenancy:NewConsortiumIn (did you mean Tenancy:NewConsortiaIn?)", refused.Message);
        Assert.Contains("Auth:OperatorKeys:0:Kye (did you mean Auth:OperatorKeys:0:Key?)", refused.Message);
        Assert.DoesNotContain("Auth:OperatorKeys:0:Name", refused.Message);
        Assert.DoesNotContain("secret", refused.Message); // a value (an operator key) is never repeated
        Assert.Contains("'__'", refused.Message);
        Assert.Contains("docs/architecture.md", refused.Message);
    }

    [Fact]
    public async Task The_service_does_not_start_with_a_misspelt_setting()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:Ledger", "Host=127.0.0.1;Port=1;Database=never;Username=none;Password=none");
            b.UseSetting("Tenancy:NewConsortiumIn", "east");
            b.UseEnvironment("Testing");
        }));
        var unknown = Assert.IsType<UnknownSettingsException>(refused.GetBaseException());
        Assert.Contains("Tenancy:NewConsortiumIn (did you mean Tenancy:NewConsortiaIn?)", unknown.Message);
    }
}
