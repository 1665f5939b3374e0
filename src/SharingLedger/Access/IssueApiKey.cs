using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Access;

public sealed record IssueApiKey(string Label, IReadOnlyList<string>? Roles, Guid? MemberId);

/// <summary>The key, shown this once; only its hash is stored.</summary>
public sealed record IssuedApiKey(Guid Id, string Key, string Label, IReadOnlyList<string> Roles, Guid? MemberId);

public static class IssueApiKeyEndpoint
{
    /// <summary>Issue a key for a member system (role member, with its member id) or for staff (finance, auditor, admin).</summary>
    [ProducesResponseType(typeof(IssuedApiKey), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys")]
    public static async Task<IResult> Post(Guid consortiumId, IssueApiKey? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (await session.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);

        var roles = (command.Roles ?? []).Distinct().ToList();
        var v = new Validation().NotBlank(command.Label, "label", 100)
            .Require(roles.Count > 0, "roles", $"At least one of: {string.Join(", ", Roles.All)}.")
            .Require(roles.All(Roles.IsKnown), "roles", $"Roles are: {string.Join(", ", Roles.All)}.");
        if (roles.Contains(Roles.Member))
        {
            v.Require(roles.Count == 1, "roles", "A member system's key has the member role only.");
            var member = command.MemberId is { } id ? await session.LoadAsync<Member>(id, ct) : null;
            v.Require(member is not null && member.ConsortiumId == consortiumId, "memberId", "A member key names a member of this consortium.");
        }
        else v.Require(command.MemberId is null, "memberId", "Only a member system's key names a member.");
        if (!v.IsValid) return v.Problem();

        var keyId = Guid.CreateVersion7();
        var (key, hash) = ApiKeySecret.New(keyId);
        session.Events.StartStream<ApiKey>(keyId, new ApiKeyIssued(keyId, consortiumId, command.Label.Trim(), roles, command.MemberId, hash, clock.GetCurrentInstant()));
        return Results.Created($"/consortia/{consortiumId}/api-keys/{keyId}", new IssuedApiKey(keyId, key, command.Label.Trim(), roles, command.MemberId));
    }
}
