using NodaTime;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Consortia;

/// <summary>The consortium's decisions, free of HTTP and storage: a command in, the events it records or why it records nothing.</summary>
public static class ConsortiumDecisions
{
    /// <summary>Establish a consortium as <paramref name="id"/>: every field checked, all errors in one refusal.</summary>
    public static Decision Establish(EstablishConsortium c, Guid id, Instant now)
    {
        var v = new Validation()
            .NotBlank(c.Name, "name")
            .NotBlank(c.Region, "region")
            .Require(c.OrganisationModel is not null, "organisationModel", "Required: centralLibrary, multiLevel, parallel or virtualCentre.")
            .Require(c.GovernanceModel is not null, "governanceModel", "Required: council, agreement or coConstruction.")
            .Require(CurrencyCode.IsKnown(c.BaseCurrency), "baseCurrency", $"'{c.BaseCurrency}' is not a supported ISO 4217 code.")
            .Require(c.FiscalYearStartMonth is >= 1 and <= 12, "fiscalYearStartMonth", "Must be a month number from 1 to 12.");
        if (c.TimeZone is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(c.TimeZone) is null)
            v.Add("timeZone", $"'{c.TimeZone}' is not an IANA time zone id.");
        return Decision.AcceptUnless(v, () => new ConsortiumEstablished(id, c.Name.Trim(), c.Region.Trim(), c.OrganisationModel!.Value,
            c.GovernanceModel!.Value, c.BaseCurrency, c.FiscalYearStartMonth, c.TimeZone ?? "UTC", now));
    }
}
