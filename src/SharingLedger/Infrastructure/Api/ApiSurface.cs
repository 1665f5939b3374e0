using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace SharingLedger.Infrastructure.Api;

/// <summary>OpenAPI and its reference page, health endpoints, and OpenTelemetry.</summary>
public static class ApiSurface
{
    public static WebApplicationBuilder AddLedgerApiSurface(this WebApplicationBuilder builder)
    {
        builder.AddStructuredLogging();
        builder.Services.AddLedgerOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck("live", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<LedgerReadiness>("ready", tags: ["ready"]);

        // Traces and metrics for HTTP, Marten, Wolverine and Npgsql, exported over OTLP, only when Telemetry:OtlpEndpoint (or the
        // standard OTEL_EXPORTER_OTLP_ENDPOINT) is configured: recorded with nowhere to go they cost a loan request about a tenth of
        // the service's throughput (docs/decisions.md, "Traces and metrics recorded only where they are sent").
        var otlp = builder.Configuration["Telemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(otlp)) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("SharingLedger"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddNpgsql().AddSource("Marten", "Wolverine")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)))
            // A slice with meters of its own adds them (ConfigureOpenTelemetryMeterProvider, e.g. AuditSetup).
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter("Marten", "Wolverine:SharingLedger", "Npgsql")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return builder;
    }

    public static WebApplication UseLedgerApiSurface(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Demo:Seed")) app.MapScalarApiReference(ConfigureReference).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteHealth })
            .AllowAnonymous().DisableRateLimiting(); // probes are never throttled by callers' traffic
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth })
            .AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>
    /// The interactive reference (<c>/scalar</c>, demo and development only; open: mapped with AllowAnonymous):
    /// it offers the document's two schemes with the API key preselected, keeps to its content security policy
    /// (<see cref="Infrastructure.Http.SecurityHeaders"/>), and loads nothing from the internet: its script is served by
    /// the service (embedded in Scalar.AspNetCore), the default web fonts (a CDN), telemetry, the AI agent, MCP, the
    /// hosted client button and the developer toolbar (cloud sharing) are off, and requests go straight to the service
    /// (no proxy).
    /// </summary>
    private static void ConfigureReference(ScalarOptions o) => o
        .WithTitle("SharingLedger API")
        .AddPreferredSecuritySchemes(OpenApiContract.ApiKeyScheme) // preselected; bearer is offered beside it (both at once would send both)
        .DisableDefaultFonts()
        .DisableTelemetry()
        .DisableAgent()
        .DisableMcp()
        .HideClientButton()
        .HideDeveloperTools();

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }));
    }
}
