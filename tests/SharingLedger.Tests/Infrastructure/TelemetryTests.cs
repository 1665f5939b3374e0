using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SharingLedger.Infrastructure.Api;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// Traces and metrics are recorded only where an OTLP endpoint takes them: with none configured nothing listens to the service's,
/// Marten's, Wolverine's or Npgsql's activities and instruments (recording them for nobody cost a tenth of the loan requests a node
/// answers, docs/performance.md "Traces and metrics recorded only where they are sent").
/// </summary>
public class TelemetryTests(LedgerHost host)
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("", "  ", false)]
    [InlineData("http://127.0.0.1:4317", null, true)]
    [InlineData(null, "http://127.0.0.1:4317", true)]
    public void Traces_and_metrics_are_recorded_only_where_they_are_sent(string? setting, string? standard, bool recorded)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration["Telemetry:OtlpEndpoint"] = setting;
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = standard;
        builder.AddLedgerApiSurface();
        using var app = builder.Build();

        Assert.Equal(recorded, app.Services.GetService<TracerProvider>() is not null);
        Assert.Equal(recorded, app.Services.GetService<MeterProvider>() is not null);
    }

    /// <summary>
    /// The whole service as the tests run it (no endpoint configured): no slice's own registration (the chain's meter, AuditSetup)
    /// brings a provider back.
    /// </summary>
    [Fact]
    public void The_running_service_without_an_endpoint_records_no_traces_or_metrics()
    {
        Assert.Null(host.Host.Services.GetService<TracerProvider>());
        Assert.Null(host.Host.Services.GetService<MeterProvider>());
    }
}
