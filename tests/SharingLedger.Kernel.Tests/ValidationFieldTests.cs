using NodaTime;
using SharingLedger.Kernel.Clearing;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Proration;
using SharingLedger.Kernel.Reimbursement;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests;

/// <summary>Each way of asking for something the engine cannot do is refused with a violation naming the field at fault.</summary>
public class ValidationFieldTests
{
    private static readonly MemberFigures[] Members =
    [
        new("A", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 10 }),
        new("B", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Fte] = 30 }),
    ];
    private static readonly M Total = new(1000, "USD");
    private static M Usd(long minor) => new(minor, "USD");
    private static Dictionary<string, M> Amounts(string id, M amount) => new() { [id] = amount };
    private static Dictionary<string, decimal> Previous(decimal a, decimal b) => new() { ["A"] = a, ["B"] = b };
    private static readonly LocalDate Day = new(2026, 1, 1);

    private static IReadOnlyList<RuleViolation> Rule(CostSharingRule rule) => RuleValidation.Check(rule);

    private static IReadOnlyList<RuleViolation> Modifiers(ShareModifiers modifiers, M? total = null) =>
        Violations(() => Apportioner.Apportion(total ?? Total, CostSharingRule.Equal(), Members, modifiers));

    private static IReadOnlyList<RuleViolation> Violations(Action act) => Assert.Throws<CostSharingException>(act).Violations;

    private static IReadOnlyList<RuleViolation> Clear(IllCharge charge, ClearingTerms? terms = null) =>
        Violations(() => MonthlyClearing.Clear(["A", "B"], [charge], terms ?? new ClearingTerms(Usd(26))));

    private static readonly Dictionary<string, Func<IReadOnlyList<RuleViolation>>> Cases = new()
    {
        ["band attribute missing"] = () => Rule(new CostSharingRule(SharingMethod.Banded, Bands: [CostBand.Weighted(0, 1)])),
        ["no bands"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [])),
        ["band with weight and price"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [new CostBand(0, 1, 2)])),
        ["band with neither"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [new CostBand(0)])),
        ["negative band weight"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(0, -1)])),
        ["negative band price"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Priced(0, -1)])),
        ["two bands from one bound"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(0, 1), CostBand.Weighted(0, 2)])),
        ["weights and prices mixed"] = () => Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Weighted(0, 1), CostBand.Priced(5, 2)])),
        ["cap for a stranger"] = () => Modifiers(new(Caps: Amounts("Z", Usd(1)))),
        ["cap in another currency"] = () => Modifiers(new(Caps: Amounts("A", new M(1, "EUR")))),
        ["negative cap"] = () => Modifiers(new(Caps: Amounts("A", Usd(-1)))),
        ["negative floor"] = () => Modifiers(new(Floors: Amounts("A", Usd(-1)))),
        ["floor above cap"] = () => Modifiers(new(Caps: Amounts("A", Usd(10)), Floors: Amounts("A", Usd(20)))),
        ["floors above total"] = () => Modifiers(new(Floors: Amounts("A", Usd(1001)))),
        ["caps on a credit"] = () => Modifiers(new(Caps: Amounts("A", Usd(10))), Usd(-1000)),
        ["phase-in of no years"] = () => Modifiers(new(PhaseIn: new PhaseIn(0, 0, Previous(50, 50)))),
        ["phase-in year past the end"] = () => Modifiers(new(PhaseIn: new PhaseIn(3, 4, Previous(50, 50)))),
        ["previous percentages not 100"] = () => Modifiers(new(PhaseIn: new PhaseIn(3, 1, Previous(50, 40)))),
        ["term ending before it starts"] = () => Violations(() => Prorator.Prorate(Total, Day, Day.PlusDays(-1), CostSharingRule.Equal(), [ProratedMember.Plain("A")])),
        ["leave before join"] = () => Violations(() => Prorator.Prorate(Total, Day, Day.PlusDays(30), CostSharingRule.Equal(), [ProratedMember.Plain("A", Day.PlusDays(5), Day.PlusDays(2))])),
        ["negative pool"] = () => Violations(() => NetLenderReimbursement.Compute(Usd(-1), 0.5m, [new("A", 1, 0)])),
        ["per-loan share above one"] = () => Violations(() => NetLenderReimbursement.Compute(Usd(1), 1.5m, [new("A", 1, 0)])),
        ["negative loans"] = () => Violations(() => NetLenderReimbursement.Compute(Usd(1), 0.5m, [new("A", -1, 0)])),
        ["unknown borrower"] = () => Clear(new IllCharge("Z", "A", Usd(100))),
        ["lending to itself"] = () => Clear(new IllCharge("A", "A", Usd(100))),
        ["charge in another currency"] = () => Clear(new IllCharge("A", "B", new M(100, "EUR"))),
        ["negative fee"] = () => Clear(new IllCharge("A", "B", Usd(100)), new ClearingTerms(Usd(-1))),
        ["reciprocal group of strangers"] = () => Clear(new IllCharge("A", "B", Usd(100)), new ClearingTerms(Usd(26), [["A", "Z"]])),
    };

    [Theory]
    [InlineData("band attribute missing", "rule.attribute")]
    [InlineData("no bands", "rule.bands")]
    [InlineData("band with weight and price", "rule.bands[0]")]
    [InlineData("band with neither", "rule.bands[0]")]
    [InlineData("negative band weight", "rule.bands[0].weight")]
    [InlineData("negative band price", "rule.bands[0].price")]
    [InlineData("two bands from one bound", "rule.bands[1].from")]
    [InlineData("weights and prices mixed", "rule.bands")]
    [InlineData("cap for a stranger", "caps.Z")]
    [InlineData("cap in another currency", "caps.A")]
    [InlineData("negative cap", "caps.A")]
    [InlineData("negative floor", "floors.A")]
    [InlineData("floor above cap", "floors.A")]
    [InlineData("floors above total", "floors")]
    [InlineData("caps on a credit", "total")]
    [InlineData("phase-in of no years", "phaseIn.years")]
    [InlineData("phase-in year past the end", "phaseIn.year")]
    [InlineData("previous percentages not 100", "phaseIn.previousPercentages")]
    [InlineData("term ending before it starts", "termEnd")]
    [InlineData("leave before join", "members.A.to")]
    [InlineData("negative pool", "pool")]
    [InlineData("per-loan share above one", "perLoanShare")]
    [InlineData("negative loans", "members.A.loans")]
    [InlineData("unknown borrower", "charges[0].borrower")]
    [InlineData("lending to itself", "charges[0].lender")]
    [InlineData("charge in another currency", "charges[0].charge")]
    [InlineData("negative fee", "transactionFee")]
    [InlineData("reciprocal group of strangers", "reciprocalGroups[0]")]
    public void The_violation_names_the_field(string situation, string field)
    {
        var violations = Cases[situation]();
        Assert.NotEmpty(violations);
        Assert.Contains(violations, v => v.Field == field);
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Message)));
    }

    [Fact]
    public void Every_situation_is_checked()
    {
        var checkedSituations = typeof(ValidationFieldTests).GetMethod(nameof(The_violation_names_the_field))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>().Select(a => (string)a.Data[0]!).ToHashSet();
        Assert.Equal(Cases.Keys.OrderBy(k => k), checkedSituations.OrderBy(k => k));
    }

    [Fact]
    public void A_valid_banded_rule_has_no_violations()
    {
        Assert.Empty(Rule(CostSharingRule.BandedBy(BasisAttribute.Fte, [CostBand.Priced(0, 1), CostBand.Priced(100, 2)])));
    }
}
