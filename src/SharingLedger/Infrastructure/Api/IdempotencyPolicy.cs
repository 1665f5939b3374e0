using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Attributes;
using Wolverine.Http;

namespace SharingLedger.Infrastructure.Api;

/// <summary>
/// Every POST takes an optional <c>Idempotency-Key</c> header (Wolverine's [DeduplicatedWithResponse]):
/// a retry with the same key and body gets the first response and records nothing new; the same key
/// with another body gets 422; a retry while the first is still running gets 409. Keys are scoped to
/// the caller, so one caller can never be answered with another's response.
/// </summary>
public sealed class IdempotencyPolicy : IHttpPolicy
{
    public const string Header = "Idempotency-Key";

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST") && !c.Method.Method.IsDefined(typeof(IdempotentByItselfAttribute), false)))
        {
            chain.DeduplicatedWithResponse = new DeduplicatedWithResponseRequirement
            {
                Scope = DeduplicationScope.User,
                Source = ValueSource.Header,
                Key = Header,
                Required = false,
                Window = TimeSpan.FromHours(24),
            };
        }
    }
}

/// <summary>
/// A POST whose answer is not a JSON resource (Wolverine replays only those) and which is idempotent by its own
/// protocol, such as the ISO 18626 intake: it takes no part in Idempotency-Key replays, and the header is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentByItselfAttribute : Attribute;
