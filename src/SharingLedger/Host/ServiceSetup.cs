using Microsoft.AspNetCore.Http.Json;
using NodaTime;
using SharingLedger.Access;
using SharingLedger.Agreements;
using SharingLedger.Audit;
using SharingLedger.Collecting;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.InKind;
using SharingLedger.Ledger;
using SharingLedger.Clearing;
using SharingLedger.Iso18626;
using SharingLedger.LendingDuties;
using SharingLedger.Loans;
using SharingLedger.Membership;
using SharingLedger.Obligations;
using SharingLedger.Procurement;
using SharingLedger.Reimbursement;
using SharingLedger.Subscriptions;
using SharingLedger.Subscriptions.Sushi;
using SharingLedger.WebConsole;
using SharingLedger.Infrastructure.Api;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Json;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Infrastructure.Answers;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Http;

namespace SharingLedger.Host;

/// <summary>The composition root: the host, the store, Wolverine, and every slice (each registers itself with its AddX).</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddSharingLedger(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        // Consortia in several databases: Wolverine's code differs from the committed single-database code (an
        // Idempotency-Key's claim is written in the consortium's own database), so it is generated at start instead.
        var severalDatabases = ConsortiumDatabases.AreConfigured(builder.Configuration);
        var pregenerated = GeneratedCode.Compiled && !severalDatabases;
        builder.Services.CritterStackDefaults(x =>
        {
            // Development: Wolverine and Marten generate and compile their code as the host starts (Roslyn), so endpoint
            // changes need no extra step. Everywhere else (Production, Testing): the code written by `scripts/codegen`
            // (src/SharingLedger/Internal/Generated, compiled into Release builds) is loaded, and a missing type stops the host.
            // The generated types live in this assembly, also when a test or benchmark assembly is the entry point.
            x.ApplicationAssembly = typeof(ServiceSetup).Assembly;
            x.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            x.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            x.Production.GeneratedCodeMode = pregenerated ? TypeLoadMode.Static : TypeLoadMode.Dynamic;
            x.Production.AssertAllPreGeneratedTypesExist = pregenerated;
            x.Production.SourceCodeWritingEnabled = false;
            // scripts/codegen --check writes into a temporary folder and compares it with the committed one.
            if (builder.Configuration["Codegen:OutputPath"] is { Length: > 0 } output) x.GeneratedCodeOutputPath = output;
            // Production changes no schema as it starts: `db-apply` does, once per release. Testing keeps creating its fresh database.
            x.Production.ResourceAutoCreate = MartenSetup.SchemaAutoCreate(builder.Environment);
        });
        builder.Services.AddLedgerStore(builder.Configuration, builder.Environment)
            .AddAuditTrail() // the tamper-evident hash chain (async) and fiscal periods: Audit/AuditSetup.cs
            .AddStoredAnswers(); // members' answers stored as sent, stamped by what changes them: Infrastructure/Answers
        // Each slice registers its projections, indexes and the sources other slices read (obligations, reconciliation).
        builder.Services
            .AddConsortia().AddMembership().AddAgreements().AddAccess()
            .AddObligations().AddDues().AddCollecting().AddProcurement().AddSubscriptions()
            .AddLoans().AddClearing().AddLendingDuties().AddReimbursement().AddIso18626()
            .AddLedger().AddInKind()
            .AddSushi(builder.Configuration, builder.Environment);

        builder.Host.UseWolverine(opts =>
        {
            // Roslyn is registered only where code is generated at run time (Development, or a build without the generated code).
            if (builder.Environment.IsDevelopment() || !pregenerated) opts.UseRuntimeCompilation();
            opts.Discovery.IncludeAssembly(typeof(ServiceSetup).Assembly);
            opts.EnableRelayOfUserName = true; // every event records who acted (Marten's user name)
            opts.Durability.EnableDeduplicatedResponses = true; // Idempotency-Key replays (IdempotencyPolicy)
            // Endpoints that write through an IDocumentSession are committed by Wolverine after they return, in one transaction
            // with the Idempotency-Key's claim and stored response (WolverineHttpOptions.DefaultClaimInTransaction below).
            opts.Policies.AutoApplyTransactions();
            opts.AddSushiMessaging(builder.Configuration); // SUSHI harvests: a durable local queue (Subscriptions/Sushi)
            // Wolverine's own durability settings by their names (Durability:Mode, Durability:CheckAssignmentPeriod, ...): how quickly
            // the nodes of a deployment notice one another and hand a stopped node's projections to another (docs/architecture.md).
            builder.Configuration.GetSection("Durability").Bind(opts.Durability);
            // With consortia in several databases Wolverine keeps its envelope tables in each, and only the running host knows
            // them all (db-apply and `resources setup` see the main database's): it creates or updates its own tables as it
            // starts, in every environment. Marten's schema is still changed only by db-apply in Production.
            if (severalDatabases) opts.AutoBuildMessageStorageOnStartup = AutoCreate.CreateOrUpdate;
        });
        builder.Services.AddWolverineHttp();

        // NodaTime, wiring point 3 of 3: HTTP bodies read and write NodaTime types as ISO text.
        builder.Services.ConfigureSystemTextJsonForWolverineOrMinimalApi(o => LedgerJson.ConfigureForHttp(o.SerializerOptions));

        if (builder.Configuration.GetValue<bool>("Demo:Seed")) builder.Services.AddSingleton<Demo.DemoKeys>().AddHostedService<Demo.DemoSeeder>();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => { InputGate.WithoutTypeNames(c); ProblemTypes.InOneNamespace(c); });
        builder.Services.AddExceptionHandler<ExceptionProblemHandler>();
        builder.Services.AddLedgerAuthentication(builder.Configuration);
        builder.Services.AddLedgerRateLimits(CallerLimits.From(builder.Configuration));
        builder.AddLedgerApiSurface();
        ReadinessWarmUp.AddTo(builder.Services, builder.Configuration, builder.Environment); // /health/ready waits for it
        builder.Services.AddAnswerCompression();
        builder.Services.AddLedgerConsole();
        return builder;
    }

    public static WebApplication UseSharingLedger(this WebApplication app)
    {
        app.UseSecurityHeaders(); // a content security policy on every answer (the reference page's own, and a script-free one)
        app.UseAnswerCompression(); // the API's answers, problems included, for clients that accept Brotli or gzip
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsoleAssets();
        app.UseRouting();
        app.UseBodySizeLimit(app.Configuration); // after routing: a route may have its own limit (BodyLimitAttribute)
        app.UseAuthentication();
        app.UseConsoleSession();
        app.UseCorrelationLogging();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<InputGate>(); // bad input refused before any endpoint reads or records anything
        app.UseMiddleware<QueryParameterGate>(); // a query parameter the route does not take is a 400, never ignored
        app.UseLedgerApiSurface();
        app.MapWolverineEndpoints(o =>
        {
            // The route's consortium is the tenant of every session the endpoint gets (Infrastructure/Http/ConsortiumRouteTenant).
            o.TenantId.DetectWith(new ConsortiumRouteTenant());
            o.RejectUnparseableQueryValues = true; // '?fiscalYear=abc' is a 400, not year 0
            // An Idempotency-Key's claim and its response commit with the effect, or not at all: a crash leaves no claim
            // "still being processed", and a retry either gets the stored answer or runs once (docs/reliability.md).
            o.DefaultClaimInTransaction = true;
            o.AddPolicy<IdempotencyPolicy>();
            o.AddPolicy<AccessDeclarations>(); // the host does not start while an endpoint declares no access
        });
        app.MapLedgerConsole();
        return app;
    }
}
