namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// A route whose body may be larger than the service-wide <c>Limits:MaxBodyBytes</c>: its own limit is read from
/// <paramref name="setting"/> (default <paramref name="defaultBytes"/>). Read by <see cref="RateLimits.UseBodySizeLimit"/>
/// from the endpoint's metadata; the endpoint must then not read such a body into memory whole.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BodyLimitAttribute(string setting, long defaultBytes) : Attribute
{
    public string Setting { get; } = setting;
    public long DefaultBytes { get; } = defaultBytes;
}
