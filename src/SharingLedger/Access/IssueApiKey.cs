using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Access;

public sealed record IssueApiKey(string Label, IReadOnlyList<string>? Roles, Guid? MemberId);

/// <summary>The key, shown this once; only its hash is stored.</summary>
public sealed record IssuedApiKey(Guid Id, string Key, string Label, IReadOnlyList<string> Roles, Guid? MemberId);

public static class IssueApiKeyEndpoint
{
    public static IResult Validate(IssueApiKey? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static async Task<KeyMember> LoadAsync(IssueApiKey? command, IDocumentSession session, CancellationToken ct) =>
        new(command?.MemberId is { } id ? await session.LoadAsync<Member>(id, ct) : null);

    /// <summary>Issue a key for a member system (role member, with its member id) or for staff (finance, auditor, admin).</summary>
    [ProducesResponseType(typeof(IssuedApiKey), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys")]
    public static (IResult, IMartenOp) Post(Guid consortiumId, IssueApiKey? command, KeyMember facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var keyId = Guid.CreateVersion7();
        var (key, hash) = ApiKeySecret.New(keyId);
        return ApiKeyDecisions.Issue(command!, consortiumId, facts.Member, keyId, hash, clock.GetCurrentInstant())
            .Start<ApiKey>(keyId, e => Results.Created($"/consortia/{consortiumId}/api-keys/{keyId}",
                new IssuedApiKey(keyId, key, ((ApiKeyIssued)e).Label, ((ApiKeyIssued)e).Roles, ((ApiKeyIssued)e).MemberId)));
    }
}
