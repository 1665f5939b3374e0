using NodaTime;

namespace SharingLedger.Access;

/// <summary>An issued API key (inline snapshot of its stream): never the secret, only its hash.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public string Label { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public Guid? MemberId { get; set; }
    public string SecretHash { get; set; } = "";
    public Instant IssuedAt { get; set; }
    public Instant? RotatedAt { get; set; }
    public Instant? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public int Version { get; set; }

    public static ApiKey Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyId, ConsortiumId = e.ConsortiumId, Label = e.Label, Roles = [.. e.Roles], MemberId = e.MemberId,
        SecretHash = e.SecretHash, IssuedAt = e.IssuedAt,
    };

    public void Apply(ApiKeyRotated e)
    {
        SecretHash = e.SecretHash;
        RotatedAt = e.RotatedAt;
    }

    public void Apply(ApiKeyRevoked e)
    {
        RevokedAt = e.RevokedAt;
        RevocationReason = e.Reason;
    }
}
