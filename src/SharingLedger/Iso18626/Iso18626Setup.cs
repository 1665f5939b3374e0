namespace SharingLedger.Iso18626;

/// <summary>What the ISO 18626 intake needs before the host starts: its schema, loaded once (a schema that cannot be loaded stops the service here).</summary>
public static class Iso18626Setup
{
    public static IServiceCollection AddIso18626(this IServiceCollection services)
    {
        Iso18626Schema.EnsureLoaded();
        return services;
    }
}
