using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;

namespace SharingLedger.Access;

/// <summary>The member an issued key names (null when it names none, or one that does not exist).</summary>
public sealed record KeyMember(Member? Member);

/// <summary>
/// Issuing, rotating and revoking API keys, free of HTTP, storage and randomness: the new secret's hash is made by the
/// endpoint (<see cref="ApiKeySecret.New"/>) and given to the decision, which records only the hash.
/// </summary>
public static class ApiKeyDecisions
{
    public static Decision Issue(IssueApiKey c, Guid consortiumId, Member? member, Guid keyId, string secretHash, Instant now)
    {
        var roles = (c.Roles ?? []).Distinct().ToList();
        var v = new Validation().NotBlank(c.Label, "label", 100)
            .Require(roles.Count > 0, "roles", $"At least one of: {string.Join(", ", Roles.All)}.")
            .Require(roles.All(Roles.IsKnown), "roles", $"Roles are: {string.Join(", ", Roles.All)}.");
        if (roles.Contains(Roles.Member))
        {
            v.Require(roles.Count == 1, "roles", "A member system's key has the member role only.");
            v.Require(c.MemberId is not null && member is not null && member.Id == c.MemberId && member.ConsortiumId == consortiumId,
                "memberId", "A member key names a member of this consortium.");
        }
        else v.Require(c.MemberId is null, "memberId", "Only a member system's key names a member.");
        return Decision.AcceptUnless(v, () => new ApiKeyIssued(keyId, consortiumId, c.Label.Trim(), roles, c.MemberId, secretHash, now));
    }

    public static Decision Rotate(ApiKey key, string secretHash, Instant now) =>
        key.RevokedAt is not null
            ? new Decision.Conflict("The key was revoked; issue a new one.")
            : Decision.Accept(new ApiKeyRotated(key.Id, secretHash, now));

    public static Decision Revoke(ApiKey key, RevokeApiKey c, Instant now)
    {
        if (key.RevokedAt is not null) return new Decision.Conflict("The key was already revoked.");
        var v = new Validation().NotBlank(c.Reason, "reason", 500);
        return Decision.AcceptUnless(v, () => new ApiKeyRevoked(key.Id, c.Reason.Trim(), now));
    }
}
