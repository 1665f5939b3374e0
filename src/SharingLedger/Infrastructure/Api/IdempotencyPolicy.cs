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
                // The claim and its stored response are written in the endpoint's own transaction (GH-5160), so they commit
                // with the effect or not at all. Set here, not only as the default, so an endpoint that cannot take that path
                // (one that saves by itself) is named in a warning at start.
                ClaimInTransaction = true,
            };
        }
    }
}

/// <summary>
/// A POST which is idempotent by its own protocol, so a repeat records nothing new whatever key it carries: the ISO 18626
/// intake (an XML answer, which Wolverine cannot replay) and a restatement (a second run restates nothing, and its report
/// is read back after its own commit). It takes no part in Idempotency-Key replays, and the header is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentByItselfAttribute : Attribute;
