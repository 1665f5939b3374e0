using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using SharingLedger.Infrastructure.Database;
using SharingLedger.Infrastructure.Json;
using Wolverine.Marten;
using JasperFx;
using Weasel.Core;
using JasperFx.MultiTenancy;
using Weasel.Postgresql.Connections;

namespace SharingLedger.Infrastructure.Marten;

public static class MartenSetup
{
    public const string Schema = "ledger";

    /// <summary>The store; the composition root adds to it what slices register on the store itself (the audit trail).</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddLedgerStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Fails here, before anything starts, when no server is configured (LedgerDatabase says what to set).
        var connectionString = LedgerDatabase.ConnectionString(configuration, environment);
        // More than one database only when configured (Tenancy:Databases): consortia placed across them (ConsortiumPlacement).
        var placement = ConsortiumDatabases.From(configuration, connectionString);
        var distribution = ProjectionDistribution.From(configuration);

        // NodaTime, wiring point 1 of 3, and pooled connections that keep their plans (LedgerDataSource).
        services.AddSingleton(_ => LedgerDataSource.Builder(connectionString).Build());

        var marten = services.AddMarten(opts =>
            {
                opts.DatabaseSchemaName = Schema;
                // NodaTime, wiring point 2 of 3: events and documents serialise NodaTime types as ISO text.
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, o => LedgerJson.ConfigureForStorage(o));
                // Production: AutoCreate.None, the schema is changed only by `db-apply` (docs/architecture.md, "Start-up and the
                // database"). Development and the tests' hosts create and update it as they start.
                opts.AutoCreateSchemaObjects = SchemaAutoCreate(environment);

                // One connection per session, opened at its first query and kept until the request ends, instead of one pooled
                // connection (and its DISCARD ALL) per query: a read that asks several things pays for one connection
                // (docs/decisions.md, "Fast at the size of a national network").
                opts.UseStickyConnectionLifetimes = true;
                // A commit that collides on the event sequence after a crash recorded nothing: replay it (EventSequenceCollision).
                opts.ExtendWritePolly(EventSequenceCollision.RetryCollidingCommits);

                // A rebuild writes a projection's new documents by binary COPY when its batch holds only inserts (PostingProjection
                // inserts on replay); snapshots, which upsert, keep the per-row path (docs/decisions.md, "Faster rebuilds of the
                // loans and the postings").
                opts.Projections.RebuildWithBulkCopy = true;
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

                if (placement is not null) PlaceConsortia(opts, placement);

                // Projections and indexes are registered by each slice (its AddX, Host/ServiceSetup.cs).
            });
        // One database: the NodaTime data source above. Several: Marten builds one per database (PlaceConsortia).
        if (placement is null) marten.UseNpgsqlDataSource();
        marten.UseLightweightSessions();
        // The async daemon runs one per database. Who runs it: this node alone (Solo), one node of several (HotCold; Disabled
        // for a node that must not), or every projection of every database handed out across the nodes by Wolverine
        // (Projections:Distribution = Wolverine). Either way each database's hash chain has one writer in sequence order.
        if (!distribution) marten.AddAsyncDaemon(configuration.GetValue("Projections:DaemonMode", DaemonMode.Solo));
        return marten.IntegrateWithWolverine(w =>
        {
            // Wolverine's own tables (nodes, agents, inbox/outbox) live in the main database; every database gets its envelope tables.
            if (placement is not null) w.MainDatabaseConnectionString = placement.MainConnectionString;
            w.UseWolverineManagedEventSubscriptionDistribution = distribution;
        });
    }

    /// <summary>
    /// Marten's database-per-tenant multi-tenancy over the configured databases, conjoined inside each (docs/architecture.md,
    /// "More than one database, more than one node"). Every data source is built as the single one is (LedgerDataSource).
    /// </summary>
    private static void PlaceConsortia(StoreOptions opts, ConsortiumDatabases placement)
    {
        var dataSources = new DefaultNpgsqlDataSourceFactory(LedgerDataSource.Builder);
        opts.DataSourceFactory(dataSources);
        opts.Tenancy = new ConsortiumPlacement(dataSources, opts, placement);
        // POST /consortia and GET /consortia keep using the default tenant, which lives in the new consortia's database.
        opts.Advanced.DefaultTenantUsageEnabled = true;
    }

    /// <summary>
    /// <c>Projections:Distribution = Wolverine</c>: Wolverine assigns each async projection of each database to one of the
    /// running nodes (durability mode Balanced) and moves it to another when that node stops, instead of Marten's daemon
    /// mode (docs/decisions.md, "Consortia in more than one database, two service nodes").
    /// </summary>
    private static class ProjectionDistribution
    {
        public static bool From(IConfiguration configuration) =>
            string.Equals(configuration["Projections:Distribution"], "Wolverine", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>None in Production (db-apply migrates); CreateOrUpdate elsewhere (Development, Testing, the benchmarks).</summary>
    public static AutoCreate SchemaAutoCreate(IHostEnvironment environment) =>
        environment.IsProduction() ? AutoCreate.None : AutoCreate.CreateOrUpdate;
}
