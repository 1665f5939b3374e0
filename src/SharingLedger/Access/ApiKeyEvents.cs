using NodaTime;

namespace SharingLedger.Access;

/// <summary>
/// An API key was issued. Only a SHA-256 hash of its secret is kept; the key itself was shown once, to
/// whoever issued it. <paramref name="MemberId"/> is set for a member system's key.
/// </summary>
public sealed record ApiKeyIssued(Guid KeyId, Guid ConsortiumId, string Label, IReadOnlyList<string> Roles, Guid? MemberId,
    string SecretHash, Instant IssuedAt);

/// <summary>The key's secret was replaced; the old one stops working at once.</summary>
public sealed record ApiKeyRotated(Guid KeyId, string SecretHash, Instant RotatedAt);

/// <summary>The key was revoked and no longer authenticates.</summary>
public sealed record ApiKeyRevoked(Guid KeyId, string Reason, Instant RevokedAt);
