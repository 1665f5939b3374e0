using NodaTime;
using SharingLedger.Access;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>Issuing, rotating and revoking API keys, without a database: given the key's events, when a command, then the event or the refusal.</summary>
public class ApiKeyDecisionTests
{
    private static readonly Guid C = Guid.Parse("6c000000-0000-4000-8000-000000000001");
    private static readonly Guid M = Guid.Parse("6c000000-0000-4000-8000-000000000002");
    private static readonly Guid Key = Guid.Parse("6c000000-0000-4000-8000-000000000003");
    private static readonly Instant Now = Instant.FromUtc(2026, 4, 1, 12, 0);
    private static readonly Member OtherConsortiumsMember = Member.Create(new MemberAdmitted(M, Guid.NewGuid(), "X", "X", MemberKind.Public, 1m, 1,
        Money.Zero("USD"), null, new LocalDate(2026, 1, 1), Now));

    private static ApiKey Given(params object[] later)
    {
        var key = ApiKey.Create(new ApiKeyIssued(Key, C, "finance desk", ["finance"], null, "hash-1", Now));
        foreach (var e in later)
        {
            if (e is ApiKeyRotated r) key.Apply(r);
            else if (e is ApiKeyRevoked v) key.Apply(v);
        }
        return key;
    }

    [Fact]
    public void A_staff_key_is_issued_with_its_roles_once_each_and_only_the_hash()
    {
        var e = Accepted<ApiKeyIssued>(ApiKeyDecisions.Issue(new IssueApiKey(" finance desk ", ["finance", "auditor", "finance"], null), C, null, Key, "hash-1", Now));

        Assert.Equal((Key, C, "finance desk", (Guid?)null, "hash-1", Now), (e.KeyId, e.ConsortiumId, e.Label, e.MemberId, e.SecretHash, e.IssuedAt));
        Assert.Equal(["finance", "auditor"], e.Roles);
    }

    [Fact]
    public void A_member_key_must_name_a_member_of_this_consortium_and_have_no_other_role()
    {
        var errors = Invalid(ApiKeyDecisions.Issue(new IssueApiKey("member system", ["member", "finance"], M), C, OtherConsortiumsMember, Key, "h", Now));

        Assert.Equal("A member system's key has the member role only.", errors["roles"]);
        Assert.Equal("A member key names a member of this consortium.", errors["memberId"]);
    }

    [Fact]
    public void Rotating_records_the_new_hash_unless_the_key_was_revoked()
    {
        Assert.Equal(new ApiKeyRotated(Key, "hash-2", Now), Accepted<ApiKeyRotated>(ApiKeyDecisions.Rotate(Given(), "hash-2", Now)));
        Assert.Equal("The key was revoked; issue a new one.",
            Conflict(ApiKeyDecisions.Rotate(Given(new ApiKeyRevoked(Key, "lost", Now)), "hash-2", Now)));
    }

    [Fact]
    public void Revoking_records_the_reason_once_and_needs_one()
    {
        Assert.Equal(new ApiKeyRevoked(Key, "laptop lost", Now), Accepted<ApiKeyRevoked>(ApiKeyDecisions.Revoke(Given(), new RevokeApiKey(" laptop lost "), Now)));
        Assert.Equal("The key was already revoked.",
            Conflict(ApiKeyDecisions.Revoke(Given(new ApiKeyRevoked(Key, "lost", Now)), new RevokeApiKey("again"), Now)));
        Assert.Equal(["reason"], Invalid(ApiKeyDecisions.Revoke(Given(), new RevokeApiKey(""), Now)).Keys);
    }
}
