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
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")))
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
