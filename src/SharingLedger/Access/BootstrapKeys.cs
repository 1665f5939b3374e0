namespace SharingLedger.Access;

/// <summary>
/// Operator keys from configuration (<c>Auth:OperatorKeys:{n}:Key</c> and <c>:Roles</c>): the way in
/// before any key is issued. An operator has no consortium claim, so it may act on every consortium.
/// Only the hash of each configured key is kept in memory. An operator acts on every consortium, so it may hold staff
/// roles only: a configured member role (a member system with no member) or an unknown role stops the host at start.
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
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToList();
        foreach (var key in keys)
        {
            if (key.Roles.FirstOrDefault(r => !Roles.IsKnown(r) || r == Roles.Member) is { } bad)
                throw new InvalidOperationException(
                    $"Auth:OperatorKeys '{key.Name}': role '{bad}' is not allowed for an operator key; operator roles are finance, auditor and admin.");
        }
        return new BootstrapKeys(keys);
    }

    public OperatorKey? Find(string presented)
    {
        var hash = ApiKeySecret.Hash(presented);
        return Keys.FirstOrDefault(k => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(k.Hash), System.Text.Encoding.ASCII.GetBytes(hash)));
    }
}
