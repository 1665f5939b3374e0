using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using SharingLedger.Infrastructure.Database;
using SharingLedger.Infrastructure.Json;
using Wolverine.Marten;
using JasperFx;
using Weasel.Core;
using JasperFx.MultiTenancy;

namespace SharingLedger.Infrastructure.Marten;

public static class MartenSetup
{
    public const string Schema = "ledger";

    /// <summary>The store; the composition root adds to it what slices register on the store itself (the audit trail).</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddLedgerStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
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

        return services.AddMarten(opts =>
            {
                opts.DatabaseSchemaName = Schema;
                // NodaTime, wiring point 2 of 3: events and documents serialise NodaTime types as ISO text.
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => LedgerJson.Configure(o));
                // Production: AutoCreate.None, the schema is changed only by `db-apply` (docs/architecture.md, "Start-up and the
                // database"). Development and the tests' hosts create and update it as they start.
                opts.AutoCreateSchemaObjects = SchemaAutoCreate(environment);

                // One connection per session, opened at its first query and kept until the request ends, instead of one pooled
                // connection (and its DISCARD ALL) per query: a read that asks several things pays for one connection
                // (docs/decisions.md, "Fast at the size of a national network").
                opts.UseStickyConnectionLifetimes = true;
                // A commit that collides on the event sequence after a crash recorded nothing: replay it (EventSequenceCollision).
                opts.ExtendWritePolly(EventSequenceCollision.RetryCollidingCommits);

                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                // Inline projections keep per-member read models beside their snapshot (RaiseSideEffects), in the same transaction.
                opts.Events.EnableSideEffectsOnInlineProjections = true;
                // The consortium is the tenant (ConsortiumTenancy): conjoined, every consortium in these same tables with its
                // tenant_id, and a session sees only its own tenant's events and documents. A consortium can later move to a
                // database of its own by configuration (docs/decisions.md, "The consortium is the tenant").
                opts.Events.TenancyStyle = TenancyStyle.Conjoined;
                opts.Policies.AllDocumentsAreMultiTenanted();
                opts.Events.MetadataConfig.CorrelationIdEnabled = true;
                opts.Events.MetadataConfig.CausationIdEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Events.MetadataConfig.HeadersEnabled = true;

                // Projections and indexes are registered by each slice (its AddX, Host/ServiceSetup.cs).
            })
            .UseNpgsqlDataSource()
            .UseLightweightSessions()
            .AddAsyncDaemon(configuration.GetValue("Projections:DaemonMode", DaemonMode.Solo)) // one daemon per database (Solo; HotCold across nodes; Disabled for a second host on the same database): the hash chain needs a single writer in sequence order
            .IntegrateWithWolverine();
    }

    /// <summary>None in Production (db-apply migrates); CreateOrUpdate elsewhere (Development, Testing, the benchmarks).</summary>
    public static AutoCreate SchemaAutoCreate(IHostEnvironment environment) =>
        environment.IsProduction() ? AutoCreate.None : AutoCreate.CreateOrUpdate;
}
