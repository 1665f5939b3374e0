using Marten;
using Microsoft.AspNetCore.DataProtection;
using Wolverine;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>
/// What SUSHI harvesting registers: Data Protection for the secrets, the "sushi" HTTP client, the documents, and the
/// durable local queue its messages run on.
/// </summary>
public static class SushiSetup
{
    public static IServiceCollection AddSushi(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // The key ring lives in DataProtection:KeysPath (a volume of its own in production, apart from the database, so a
        // copy of the database alone reveals no API key). The service does not start in Production without it: keys kept
        // inside a container would be lost with it, and every secret with them. (Commands such as db-apply need no keys.)
        var protection = services.AddDataProtection().SetApplicationName("SharingLedger");
        if (configuration["DataProtection:KeysPath"] is { Length: > 0 } path) protection.PersistKeysToFileSystem(new DirectoryInfo(path));
        else if (environment.IsProduction()) services.AddHostedService<MissingKeyRing>();

        services.AddSingleton<SushiSecrets>();
        services.AddSingleton<SushiClient>();
        services.AddHttpClient(SushiClient.HttpClientName, c =>
            {
                c.Timeout = TimeSpan.FromSeconds(configuration.GetValue("Sushi:TimeoutSeconds", 120));
                c.MaxResponseContentBufferSize = configuration.GetValue("Sushi:MaxAnswerBytes", 64L * 1024 * 1024);
                c.DefaultRequestHeaders.UserAgent.ParseAdd("SharingLedger-SUSHI/1.0");
            })
            .RemoveAllLoggers(); // the request line carries the API key
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<SushiConnection>().Index(c => c.ConsortiumId);
            opts.Schema.For<SushiHarvest>().Index(h => h.SubscriptionId);
        });
        return services;
    }

    /// <summary>SUSHI messages run one at a time on a durable local queue: stored with the transaction that sent them, kept until handled.</summary>
    public static void AddSushiMessaging(this WolverineOptions opts, IConfiguration configuration)
    {
        opts.PublishMessage<HarvestSushi>().ToLocalQueue(SushiSchedule.Queue);
        opts.PublishMessage<HarvestSushiMonthly>().ToLocalQueue(SushiSchedule.Queue);
        opts.LocalQueue(SushiSchedule.Queue).UseDurableInbox().Sequential();
        if (configuration.GetValue<TimeSpan?>("Sushi:ScheduledPolling") is { } polling) opts.Durability.ScheduledJobPollingTime = polling;
    }
}

/// <summary>Stops the service starting in Production without a persistent Data Protection key ring.</summary>
public sealed class MissingKeyRing : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Set DataProtection:KeysPath (environment variable DataProtection__KeysPath) to a directory " +
            "on a persistent volume: it holds the keys that protect the SUSHI API keys.");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
