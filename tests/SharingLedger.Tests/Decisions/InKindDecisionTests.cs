using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.InKind;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>
/// Recording in-kind contributions, without a database: given the agreement's rates (training: 80.00 a session), the member's
/// 2026 dues (500.00) and what was credited already, when a contribution, then the event or the refusal.
/// </summary>
public class InKindDecisionTests
{
    private static readonly Guid C = Guid.Parse("4c000000-0000-4000-8000-000000000001");
    private static readonly Guid M = Guid.Parse("4c000000-0000-4000-8000-000000000002");
    private static readonly Guid Agreement = Guid.Parse("4c000000-0000-4000-8000-000000000003");
    private static readonly Guid Assessment = Guid.Parse("4c000000-0000-4000-8000-000000000004");
    private static readonly Guid Contribution = Guid.Parse("4c000000-0000-4000-8000-0000000000aa");
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 15, 12, 0);
    private static readonly LocalDate Today = new(2026, 6, 15);
    private static readonly Consortium Consortium = new() { Id = C, BaseCurrency = "USD", FiscalYearStartMonth = 1, TimeZone = "UTC" };
    private static readonly Member Member = Member.Create(new MemberAdmitted(M, C, "LIB1", "Library One", MemberKind.Public, 1m, 1,
        Money.Zero("USD"), null, new LocalDate(2025, 1, 1), Now));

    private static Money Usd(string amount) => Money.Parse(amount, "USD");

    private static InKindFacts Facts(string creditedAlready = "0.00")
    {
        var agreement = Agreements.Agreement.Create(new AgreementAdopted(Agreement, C, 1, new LocalDate(2026, 1, 1), [M],
            new DuesTerm(Usd("500.00"), CostSharingRule.Equal()), Now, InKind: new Dictionary<string, InKindRate> { ["training"] = new("session", Usd("80.00")) }));
        var dues = DuesAssessment.Create(new DuesAssessed(Assessment, C, 2026, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31), Agreement, 1,
            Usd("500.00"), CostSharingRule.Equal(), [new DuesShare(M, "LIB1", Usd("500.00"), "1/1", "500.000000", 0, new Dictionary<BasisAttribute, decimal>())], Now));
        InKindContributions? recorded = null;
        if (Usd(creditedAlready).IsPositive)
            recorded = InKindContributions.Create(new InKindContributionRecorded(Guid.NewGuid(), C, M, "LIB1", 2026, "training", "session", 1m, Usd("80.00"),
                Usd(creditedAlready), new LocalDate(2026, 2, 1), "earlier", Agreement, 1, Assessment, $"dues:{Assessment:N}", Now));
        return new InKindFacts(agreement, dues, recorded);
    }

    private static RecordInKindContribution Sessions(decimal quantity, string kind = "training") => new(kind, quantity, new LocalDate(2026, 6, 1), " Staff training ");

    [Fact]
    public void A_contribution_is_valued_at_the_rate_in_force_and_credited_against_the_years_dues()
    {
        var e = Accepted<InKindContributionRecorded>(InKindDecisions.Record(Sessions(2.5m), Consortium, Member, Facts(), Today, Contribution, Now));

        Assert.Equal(new InKindContributionRecorded(Contribution, C, M, "LIB1", 2026, "training", "session", 2.5m, Usd("80.00"), Usd("200.00"),
            new LocalDate(2026, 6, 1), "Staff training", Agreement, 1, Assessment, $"dues:{Assessment:N}", Now), e);
    }

    [Fact]
    public void A_kind_without_a_rate_or_more_than_is_left_of_the_dues_is_refused()
    {
        Assert.Equal("Agreement version 1 sets no in-kind rate for 'cataloguing'; it has: training.",
            Invalid(InKindDecisions.Record(Sessions(1m, "cataloguing"), Consortium, Member, Facts(), Today, Contribution, Now))["kind"]);

        // 400.00 credited already: 100.00 is left, and 2 sessions are worth 160.00.
        Assert.Equal("Worth 160.00 USD, but only 100.00 USD of the 2026 dues of 500.00 USD is left to credit in kind (400.00 USD credited already).",
            Invalid(InKindDecisions.Record(Sessions(2m), Consortium, Member, Facts("400.00"), Today, Contribution, Now))["quantity"]);
    }
}
