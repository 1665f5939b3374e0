using NodaTime;

namespace SharingLedger.Consortia;

/// <summary>A consortium was set up in the ledger. The fiscal year starts on day 1 of <paramref name="FiscalYearStartMonth"/> in <paramref name="TimeZone"/>.</summary>
public sealed record ConsortiumEstablished(
    Guid ConsortiumId,
    string Name,
    string Region,
    OrganisationModel OrganisationModel,
    GovernanceModel GovernanceModel,
    string BaseCurrency,
    int FiscalYearStartMonth,
    string TimeZone,
    Instant EstablishedAt);
