using NodaTime;
using SharingLedger.Consortia;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>Establishing a consortium, without a database: when the command, then the event or the refusal.</summary>
public class ConsortiumDecisionTests
{
    private static readonly Guid Id = Guid.Parse("1c000000-0000-4000-8000-000000000001");
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 1, 9, 30);

    [Fact]
    public void A_complete_command_establishes_the_consortium_with_trimmed_names_and_UTC_when_no_zone_is_given()
    {
        var command = new EstablishConsortium(" Northern Libraries ", " North ", OrganisationModel.MultiLevel, GovernanceModel.Council, "EUR", 7, null);

        var e = Accepted<ConsortiumEstablished>(ConsortiumDecisions.Establish(command, Id, Now));

        Assert.Equal(new ConsortiumEstablished(Id, "Northern Libraries", "North", OrganisationModel.MultiLevel, GovernanceModel.Council, "EUR", 7, "UTC", Now), e);
    }

    [Fact]
    public void Every_broken_field_is_named_in_one_refusal()
    {
        var command = new EstablishConsortium("", "North", null, GovernanceModel.Agreement, "XYZ", 13, "Mars/Olympus");

        var errors = Invalid(ConsortiumDecisions.Establish(command, Id, Now));

        Assert.Equal(["baseCurrency", "fiscalYearStartMonth", "name", "organisationModel", "timeZone"], errors.Keys.Order());
    }
}
