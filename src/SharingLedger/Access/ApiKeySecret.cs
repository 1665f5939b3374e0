using System.Security.Cryptography;
using System.Text;

namespace SharingLedger.Access;

/// <summary>
/// API key format: <c>sl_{key id, 32 hex}_{secret, 43 base64url}</c>. The id finds the key; the secret
/// (256 random bits) is checked against its stored SHA-256 hash in constant time.
/// </summary>
public static class ApiKeySecret
{
    public static (string Key, string Hash) New(Guid keyId)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"sl_{keyId:N}_{secret}", Hash(secret));
    }

    public static bool TryParse(string? key, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = "";
        if (key is null || !key.StartsWith("sl_", StringComparison.Ordinal) || key.Length < 3 + 32 + 1 + 16) return false;
        var idPart = key.Substring(3, 32);
        if (key[35] != '_' || !Guid.TryParseExact(idPart, "N", out keyId)) return false;
        secret = key[36..];
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
