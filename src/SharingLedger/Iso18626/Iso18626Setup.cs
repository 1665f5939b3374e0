using Marten;

namespace SharingLedger.Iso18626;

/// <summary>
/// What the ISO 18626 intake needs before the host starts: its schema, loaded once (a schema that cannot be loaded stops
/// the service here), and the documents that make it at-most-once (message receipts and Idempotency-Key answers).
/// </summary>
public static class Iso18626Setup
{
    public static IServiceCollection AddIso18626(this IServiceCollection services)
    {
        Iso18626Schema.EnsureLoaded();
        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<Iso18626Receipt>();
            opts.Schema.For<Iso18626KeyedAnswer>();
        });
        return services;
    }
}
