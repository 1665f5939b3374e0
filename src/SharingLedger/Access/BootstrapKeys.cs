namespace SharingLedger.Access;

/// <summary>
/// Operator keys from configuration (<c>Auth:OperatorKeys:{n}:Key</c> and <c>:Roles</c>): the way in
/// before any key is issued. An operator has no consortium claim, so it may act on every consortium.
/// Only the hash of each configured key is kept in memory.
/// </summary>
public sealed class BootstrapKeys
{
    public sealed record OperatorKey(string Name, string Hash, IReadOnlyList<string> Roles);

    public IReadOnlyList<OperatorKey> Keys { get; }

    public BootstrapKeys(IEnumerable<OperatorKey> keys) => Keys = keys.ToList();

    public static BootstrapKeys FromConfiguration(IConfiguration configuration)
    {
        var keys = configuration.GetSection("Auth:OperatorKeys").GetChildren()
            .Where(k => !string.IsNullOrWhiteSpace(k["Key"]))
            .Select((k, i) => new OperatorKey(k["Name"] ?? $"operator-{i + 1}", ApiKeySecret.Hash(k["Key"]!),
                (k["Roles"] ?? string.Join(',', Roles.All.Where(r => r != Roles.Member)))
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return new BootstrapKeys(keys);
    }

    public OperatorKey? Find(string presented)
    {
        var hash = ApiKeySecret.Hash(presented);
        return Keys.FirstOrDefault(k => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(k.Hash), System.Text.Encoding.ASCII.GetBytes(hash)));
    }
}
