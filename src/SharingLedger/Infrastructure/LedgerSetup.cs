using Microsoft.AspNetCore.Http.Json;
using NodaTime;
using SharingLedger.Access;
using SharingLedger.Infrastructure.Api;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Json;
using SharingLedger.Infrastructure.Marten;
using Wolverine;
using Wolverine.Http;

namespace SharingLedger.Infrastructure;

public static class LedgerSetup
{
    public static WebApplicationBuilder AddSharingLedger(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddLedgerStore(builder.Configuration);
        builder.Services.AddSingleton<Obligations.IObligationSource, Dues.DuesObligations>();
        builder.Services.AddSingleton<Obligations.IObligationSource, Collecting.CollectingObligations>();
        builder.Services.AddSingleton<Obligations.IObligationSource, Procurement.ProcurementObligations>();
        builder.Services.AddSingleton<Procurement.ISubjectHoldings, Procurement.CollectingSubjectHoldings>();
        builder.Services.AddSingleton<Reconciliation.IReconciliationSource, Procurement.ProcurementReconciliation>();
        builder.Services.AddSingleton<Obligations.IObligationSource, Subscriptions.SubscriptionObligations>();
        builder.Services.AddSingleton<Reconciliation.IReconciliationSource, Subscriptions.SubscriptionReconciliation>();
        builder.Services.AddSingleton<Obligations.IObligationSource, Loans.LendingObligations>();
        builder.Services.AddSingleton<Obligations.IObligationSource, Loans.ReimbursementObligations>();
        builder.Services.AddSingleton<Obligations.IObligationSource, InKind.InKindObligations>();

        builder.Host.UseWolverine(opts =>
        {
            opts.UseRuntimeCompilation();
            opts.Discovery.IncludeAssembly(typeof(LedgerSetup).Assembly);
            opts.EnableRelayOfUserName = true; // every event records who acted (Marten's user name)
            opts.Durability.EnableDeduplicatedResponses = true; // Idempotency-Key replays (IdempotencyPolicy)
        });
        builder.Services.AddWolverineHttp();

        // NodaTime, wiring point 3 of 3: HTTP bodies read and write NodaTime types as ISO text.
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => LedgerJson.ConfigureForHttp(o.SerializerOptions));

        if (builder.Configuration.GetValue<bool>("Demo:Seed")) builder.Services.AddHostedService<Demo.DemoSeeder>();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = InputGate.WithoutTypeNames);
        builder.Services.AddExceptionHandler<ExceptionProblemHandler>();
        builder.Services.AddLedgerAuthentication(builder.Configuration);
        builder.Services.AddLedgerRateLimits(builder.Configuration);
        builder.AddLedgerApiSurface();
        return builder;
    }

    public static WebApplication UseSharingLedger(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodySizeLimit(app.Configuration);
        app.UseRouting();
        app.UseAuthentication();
        app.UseCorrelationLogging();
        app.UseRateLimiter();
        app.UseMiddleware<AccessMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<InputGate>(); // bad input refused before any endpoint reads or records anything
        app.UseLedgerApiSurface();
        app.MapWolverineEndpoints(o =>
        {
            o.RejectUnparseableQueryValues = true; // '?fiscalYear=abc' is a 400, not year 0
            o.AddPolicy<IdempotencyPolicy>();
        });
        return app;
    }
}
