using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Marten;

namespace SharingLedger.Access;

public sealed record RevokeApiKey(string Reason);

/// <summary>A key as listed: no secret, no hash.</summary>
public sealed record ApiKeyView(Guid Id, string Label, IReadOnlyList<string> Roles, Guid? MemberId, Instant IssuedAt, Instant? RotatedAt,
    Instant? RevokedAt, string? RevocationReason);

public static class ManageApiKeyEndpoints
{
    /// <summary>The consortium's API keys: label, roles, member, when issued, rotated or revoked, oldest first, a page at a time. Never the secrets.</summary>
    /// <param name="limit">Keys a page holds (default 100).</param>
    /// <param name="offset">Keys to skip (default 0).</param>
    [ProducesResponseType(typeof(List<ApiKeyView>), 200)]
    [Allow(Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/api-keys")]
    public static async Task<IResult> List(Guid consortiumId, int? limit, int? offset, IQuerySession session, IConfiguration configuration,
        HttpContext http, CancellationToken ct)
    {
        if (Paging.TryCreate(limit, offset, configuration, out var paging) is { } refused) return refused;
        return await paging.PageAsync(http, session.Query<ApiKey>().Where(k => k.ConsortiumId == consortiumId).OrderBy(k => k.IssuedAt).ThenBy(k => k.Id),
            k => new ApiKeyView(k.Id, k.Label, k.Roles, k.MemberId, k.IssuedAt, k.RotatedAt, k.RevokedAt, k.RevocationReason), ct);
    }
}

/// <summary>Rotation and revocation load the key for writing; a key of another consortium is unknown here (404).</summary>
internal static class KeyContext
{
    public static IResult Validate(Guid consortiumId, Guid keyId, ApiKey? key) =>
        key is null || key.ConsortiumId != consortiumId ? Problems.NotFound("API key", keyId) : WolverineContinue.Result();
}

public static class ManageApiKeyRotateEndpoint
{
    public static IResult Validate(Guid consortiumId, Guid keyId, ApiKey? key) => KeyContext.Validate(consortiumId, keyId, key);

    /// <summary>A new secret for the key, shown once; the old one stops working.</summary>
    [ProducesResponseType(typeof(IssuedApiKey), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys/{keyId}/rotation")]
    public static (IResult, Events) Post(Guid keyId, IClock clock, [WriteAggregate("keyId", Required = false)] ApiKey? key)
    {
        var (secret, hash) = ApiKeySecret.New(keyId);
        return ApiKeyDecisions.Rotate(key!, hash, clock.GetCurrentInstant())
            .Respond(_ => Results.Ok(new IssuedApiKey(keyId, secret, key!.Label, key.Roles, key.MemberId)));
    }
}

public static class ManageApiKeyRevokeEndpoint
{
    public static IResult Validate(RevokeApiKey? command, Guid consortiumId, Guid keyId, ApiKey? key) =>
        command is null ? Problems.BadRequest("The request body is empty.") : KeyContext.Validate(consortiumId, keyId, key);

    /// <summary>Revoke an API key: it is refused from now on. The reason is recorded.</summary>
    [ProducesResponseType(typeof(ApiKeyRevocation), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys/{keyId}/revocation")]
    public static (IResult, Events) Post(Guid keyId, RevokeApiKey? command, IClock clock, [WriteAggregate("keyId", Required = false)] ApiKey? key) =>
        ApiKeyDecisions.Revoke(key!, command!, clock.GetCurrentInstant()).Respond(_ => Results.Ok(new { id = keyId, revoked = true }));
}

/// <summary>A revoked API key: it is refused from now on.</summary>
public sealed record ApiKeyRevocation(Guid Id, bool Revoked);
