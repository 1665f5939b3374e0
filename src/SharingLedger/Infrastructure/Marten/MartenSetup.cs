using JasperFx.Events;
using JasperFx.Events.Daemon;
using SharingLedger.Audit;
using Marten;
using Npgsql;
using SharingLedger.Infrastructure.Database;
using SharingLedger.Infrastructure.Json;
using Wolverine.Marten;
using JasperFx;
using Weasel.Core;

namespace SharingLedger.Infrastructure.Marten;

public static class MartenSetup
{
    public const string Schema = "ledger";

    public static IServiceCollection AddLedgerStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Fails here, before anything starts, when no server is configured (LedgerDatabase says what to set).
        var connectionString = LedgerDatabase.ConnectionString(configuration, environment);

        // NodaTime, wiring point 1 of 3: Npgsql maps PostgreSQL date/time types to NodaTime.
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.UseNodaTime();
            return builder.Build();
        });

        services.AddMarten(opts =>
            {
                opts.DatabaseSchemaName = Schema;
                // NodaTime, wiring point 2 of 3: events and documents serialise NodaTime types as ISO text.
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => LedgerJson.Configure(o));
                // Production: AutoCreate.None, the schema is changed only by `db-apply` (docs/architecture.md, "Start-up and the
                // database"). Development and the tests' hosts create and update it as they start.
                opts.AutoCreateSchemaObjects = SchemaAutoCreate(environment);

                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;

                // Projections and indexes are registered by each slice (its AddX, Host/ServiceSetup.cs).
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAuditTrail() // the tamper-evident hash chain (async) and fiscal periods: Audit/AuditSetup.cs
            .AddAsyncDaemon(configuration.GetValue("Projections:DaemonMode", DaemonMode.Solo)) // one daemon per database (Solo; HotCold across nodes; Disabled for a second host on the same database): the hash chain needs a single writer in sequence order
            .IntegrateWithWolverine();

        return services;
    }

    /// <summary>None in Production (db-apply migrates); CreateOrUpdate elsewhere (Development, Testing, the benchmarks).</summary>
    public static AutoCreate SchemaAutoCreate(IHostEnvironment environment) =>
        environment.IsProduction() ? AutoCreate.None : AutoCreate.CreateOrUpdate;
}
