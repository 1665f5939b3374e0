using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Access;

public sealed record RevokeApiKey(string Reason);

/// <summary>A key as listed: no secret, no hash.</summary>
public sealed record ApiKeyView(Guid Id, string Label, IReadOnlyList<string> Roles, Guid? MemberId, Instant IssuedAt, Instant? RotatedAt,
    Instant? RevokedAt, string? RevocationReason);

public static class ManageApiKeyEndpoints
{
    /// <summary>The consortium's API keys: label, roles, member, when issued, rotated or revoked. Never the secrets.</summary>
    [Allow(Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/api-keys")]
    public static async Task<IReadOnlyList<ApiKeyView>> List(Guid consortiumId, IQuerySession session, CancellationToken ct) =>
        (await session.Query<ApiKey>().Where(k => k.ConsortiumId == consortiumId).ToListAsync(ct))
        .OrderBy(k => k.IssuedAt)
        .Select(k => new ApiKeyView(k.Id, k.Label, k.Roles, k.MemberId, k.IssuedAt, k.RotatedAt, k.RevokedAt, k.RevocationReason))
        .ToList();

    /// <summary>A new secret for the key, shown once; the old one stops working.</summary>
    [ProducesResponseType(typeof(IssuedApiKey), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys/{keyId}/rotation")]
    public static async Task<IResult> Rotate(Guid consortiumId, Guid keyId, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ApiKey>(keyId, ct);
        if (stream.Aggregate is not { } key || key.ConsortiumId != consortiumId) return Problems.NotFound("API key", keyId);
        if (key.RevokedAt is not null) return Problems.Conflict("The key was revoked; issue a new one.");
        var (secret, hash) = ApiKeySecret.New(keyId);
        stream.AppendOne(new ApiKeyRotated(keyId, hash, clock.GetCurrentInstant()));
        return Results.Ok(new IssuedApiKey(keyId, secret, key.Label, key.Roles, key.MemberId));
    }

    /// <summary>Revoke an API key: it is refused from now on. The reason is recorded.</summary>
    [ProducesResponseType(typeof(ApiKeyRevocation), 200)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/api-keys/{keyId}/revocation")]
    public static async Task<IResult> Revoke(Guid consortiumId, Guid keyId, RevokeApiKey? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var stream = await session.Events.FetchForWriting<ApiKey>(keyId, ct);
        if (stream.Aggregate is not { } key || key.ConsortiumId != consortiumId) return Problems.NotFound("API key", keyId);
        if (key.RevokedAt is not null) return Problems.Conflict("The key was already revoked.");
        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        if (!v.IsValid) return v.Problem();
        stream.AppendOne(new ApiKeyRevoked(keyId, command.Reason.Trim(), clock.GetCurrentInstant()));
        return Results.Ok(new { id = keyId, revoked = true });
    }
}

/// <summary>A revoked API key: it is refused from now on.</summary>
public sealed record ApiKeyRevocation(Guid Id, bool Revoked);
