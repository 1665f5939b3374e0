using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>Adopting agreement versions, without a database: given the agreement's versions and the members named, when an adoption, then the event or the refusal.</summary>
public class AgreementDecisionTests
{
    private static readonly Guid C = Guid.Parse("3c000000-0000-4000-8000-000000000001");
    private static readonly Guid A = Guid.Parse("3c000000-0000-4000-8000-000000000002");
    private static readonly Guid B = Guid.Parse("3c000000-0000-4000-8000-000000000003");
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 8, 0);
    private static readonly LocalDate Today = new(2026, 6, 1);
    private static readonly Consortium Consortium = new() { Id = C, BaseCurrency = "USD", FiscalYearStartMonth = 1, TimeZone = "UTC" };

    private static Member MemberFrom(Guid id, string code, LocalDate joined) =>
        Member.Create(new MemberAdmitted(id, C, code, code, MemberKind.Public, 1m, 1, Money.Zero("USD"), null, joined, Now));

    private static readonly AdoptionFacts Facts = new(new Dictionary<Guid, Member>
    {
        [A] = MemberFrom(A, "A", new LocalDate(2025, 1, 1)),
        [B] = MemberFrom(B, "B", new LocalDate(2026, 9, 1)),
    }, Today);

    private static AdoptAgreement Version(int version, LocalDate from, bool? retroactive = null, params Guid[] signatories) =>
        new(version, from, signatories.Length == 0 ? [A] : signatories, new DuesTermInput(new MoneyInput("12000.00", "USD"), CostSharingRule.Equal()),
            Retroactive: retroactive, InKind: new Dictionary<string, InKindRate> { ["training"] = new("session", Money.Parse("80.00", "USD")) });

    private static Agreement GivenVersionOne()
    {
        var first = AgreementDecisions.Adopt(null, Version(1, new LocalDate(2026, 1, 1)), Consortium, Facts, Now);
        return Agreement.Create(Accepted<AgreementAdopted>(first));
    }

    [Fact]
    public void The_first_version_starts_the_agreement_with_its_dues_and_in_kind_rates()
    {
        var e = Accepted<AgreementAdopted>(AgreementDecisions.Adopt(null, Version(1, new LocalDate(2026, 1, 1)), Consortium, Facts, Now));

        Assert.Equal(StreamIds.Agreement(C), e.AgreementId);
        Assert.Equal((1, new LocalDate(2026, 1, 1), false), (e.Version, e.EffectiveFrom, e.Retroactive));
        Assert.Equal([A], e.Signatories);
        Assert.Equal(new Money(1_200_000, "USD"), e.Dues.AnnualAmount);
        Assert.Equal(SharingMethod.Equal, e.Dues.Rule.Method);
        Assert.Equal(new InKindRate("session", new Money(8000, "USD")), e.InKind!["training"]);
    }

    [Fact]
    public void A_version_already_adopted_is_a_conflict_and_one_skipped_a_rule_violation()
    {
        var agreement = GivenVersionOne();

        Assert.Equal("Version 1 of the agreement was already adopted; the next version is 2.",
            Conflict(AgreementDecisions.Adopt(agreement, Version(1, new LocalDate(2027, 1, 1)), Consortium, Facts, Now)));
        Assert.Equal(new Dictionary<string, string> { ["version"] = "The next version of the agreement is 2." },
            Invalid(AgreementDecisions.Adopt(agreement, Version(3, new LocalDate(2027, 1, 1)), Consortium, Facts, Now)));
    }

    [Fact]
    public void An_amendment_takes_effect_after_the_latest_version_unless_retroactive_and_signatories_are_members_on_its_date()
    {
        var agreement = GivenVersionOne();

        var errors = Invalid(AgreementDecisions.Adopt(agreement, Version(2, new LocalDate(2026, 1, 1), null, A, B), Consortium, Facts, Now));
        Assert.Equal("Version 1 is effective from 2026-01-01; a new version must take effect after that.", errors["effectiveFrom"]);
        Assert.Equal("Member B is not a member on 2026-01-01.", errors["signatories[1]"]);

        var retroactive = Accepted<AgreementAdopted>(AgreementDecisions.Adopt(agreement, Version(2, new LocalDate(2026, 3, 1), true), Consortium, Facts, Now));
        Assert.Equal((2, true), (retroactive.Version, retroactive.Retroactive));
    }

    [Fact]
    public void An_in_kind_rate_in_another_currency_or_an_unknown_unit_is_refused()
    {
        var command = Version(1, new LocalDate(2026, 1, 1)) with
        {
            InKind = new Dictionary<string, InKindRate> { ["cataloguing"] = new("day", Money.Parse("10.00", "EUR")) },
        };

        var errors = Invalid(AgreementDecisions.Adopt(null, command, Consortium, Facts, Now));

        Assert.Equal(["inKind.cataloguing.rate", "inKind.cataloguing.unit"], errors.Keys.Order());
    }
}
