using NodaTime;
using SharingLedger.Agreements;

namespace SharingLedger.Subscriptions;

/// <summary>
/// A term is priced from now on by agreement version <paramref name="AgreementVersion"/>'s sharing term of the same name,
/// a retroactive amendment in force on the term's first day, instead of <paramref name="ReplacesAgreementVersion"/>.
/// When the term was invoiced, a <see cref="SubscriptionCostApportioned"/> revision with the differences follows it.
/// </summary>
public sealed record SubscriptionTermRepriced(
    Guid SubscriptionId,
    int Term,
    Guid AgreementId,
    int AgreementVersion,
    int ReplacesAgreementVersion,
    SharingTerm SharingTerm,
    Instant RecordedAt);
