using Microsoft.AspNetCore.DataProtection;

namespace SharingLedger.Subscriptions.Sushi;

/// <summary>The requestor id and API key in the clear, only while a harvest calls the vendor.</summary>
public sealed record SushiCredentials(string? RequestorId, string? ApiKey)
{
    /// <summary>Text with every secret replaced, for anything stored or answered (a vendor may echo its parameters).</summary>
    public string Scrub(string text)
    {
        foreach (var secret in new[] { ApiKey, RequestorId })
            if (!string.IsNullOrEmpty(secret)) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }
}

/// <summary>
/// Protects and reveals SUSHI secrets with ASP.NET Core Data Protection. The purpose names the consortium, so a protected
/// value copied into another consortium's connection cannot be revealed there.
/// </summary>
public sealed class SushiSecrets(IDataProtectionProvider provider)
{
    private IDataProtector For(Guid consortiumId) => provider.CreateProtector("SharingLedger.Sushi.v1", consortiumId.ToString("D"));

    public string Protect(Guid consortiumId, string secret) => For(consortiumId).Protect(secret);

    public SushiCredentials Reveal(SushiConnection connection)
    {
        var protector = For(connection.ConsortiumId);
        return new(connection.ProtectedRequestorId is { } r ? protector.Unprotect(r) : null,
            connection.ProtectedApiKey is { } k ? protector.Unprotect(k) : null);
    }
}
