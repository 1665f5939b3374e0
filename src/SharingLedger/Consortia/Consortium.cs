using NodaTime;

namespace SharingLedger.Consortia;

/// <summary>A consortium as the ledger knows it now (inline snapshot of its stream).</summary>
public sealed class Consortium
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    public OrganisationModel OrganisationModel { get; set; }
    public GovernanceModel GovernanceModel { get; set; }
    public string BaseCurrency { get; set; } = "";
    public int FiscalYearStartMonth { get; set; }
    public string TimeZone { get; set; } = "";
    public Instant EstablishedAt { get; set; }
    public int Version { get; set; }

    public static Consortium Create(ConsortiumEstablished e) => new()
    {
        Id = e.ConsortiumId,
        Name = e.Name,
        Region = e.Region,
        OrganisationModel = e.OrganisationModel,
        GovernanceModel = e.GovernanceModel,
        BaseCurrency = e.BaseCurrency,
        FiscalYearStartMonth = e.FiscalYearStartMonth,
        TimeZone = e.TimeZone,
        EstablishedAt = e.EstablishedAt,
    };

    public FiscalCalendar Calendar() => new(FiscalYearStartMonth, DateTimeZoneProviders.Tzdb[TimeZone]);
}
