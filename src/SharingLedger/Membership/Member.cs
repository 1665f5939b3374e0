using NodaTime;
using SharingLedger.Kernel.CostSharing;

namespace SharingLedger.Membership;

/// <summary>A member library with the history of its figures (inline snapshot of its stream).</summary>
public sealed class Member
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public string Code { get; set; } = "";
    public LocalDate AdmittedOn { get; set; }
    public LocalDate? WithdrawnOn { get; set; }
    public string? WithdrawalReason { get; set; }
    public List<MemberFiguresVersion> Figures { get; set; } = [];
    public List<string> CounterInstitutionIds { get; set; } = [];
    public List<string> IllAgencyIds { get; set; } = [];
    public int Version { get; set; }
    /// <summary>A library outside the consortium, registered as a party to loans: no vote, dues or shares (<see cref="ExternalLibraryRegistered"/>).</summary>
    public bool External { get; set; }

    /// <summary>The latest figures, whatever their effective date.</summary>
    public MemberFiguresVersion Current => Figures.OrderBy(f => f.EffectiveFrom).Last();

    public static Member Create(MemberAdmitted e) => new()
    {
        Id = e.MemberId,
        ConsortiumId = e.ConsortiumId,
        Code = e.Code,
        AdmittedOn = e.EffectiveFrom,
        Figures = [new MemberFiguresVersion(e.EffectiveFrom, e.Name, e.Kind, e.Fte, e.Population, e.MaterialsBudget, e.HubId)],
    };

    public static Member Create(ExternalLibraryRegistered e) => new()
    {
        Id = e.MemberId,
        ConsortiumId = e.ConsortiumId,
        Code = e.Code,
        AdmittedOn = e.EffectiveFrom,
        External = true,
        Figures = [new MemberFiguresVersion(e.EffectiveFrom, e.Name, e.Kind, 0, 0, Kernel.Money.Money.Zero(e.Currency), null)],
    };

    public void Apply(MemberDetailsChanged e)
    {
        var before = FiguresOn(e.EffectiveFrom) ?? Figures.OrderBy(f => f.EffectiveFrom).First();
        var next = new MemberFiguresVersion(e.EffectiveFrom,
            e.Name ?? before.Name, e.Kind ?? before.Kind, e.Fte ?? before.Fte, e.Population ?? before.Population,
            e.MaterialsBudget ?? before.MaterialsBudget, e.ClearHub ? null : e.HubId ?? before.HubId);
        Figures.RemoveAll(f => f.EffectiveFrom == e.EffectiveFrom);
        Figures.Add(next);
        Figures.Sort((a, b) => a.EffectiveFrom.CompareTo(b.EffectiveFrom));
    }

    public void Apply(MemberIdentifiersSet e)
    {
        CounterInstitutionIds = [.. e.CounterInstitutionIds];
        IllAgencyIds = [.. e.IllAgencyIds];
    }

    public void Apply(MemberWithdrawn e)
    {
        WithdrawnOn = e.EffectiveFrom;
        WithdrawalReason = e.Reason;
    }

    /// <summary>The figures in force on a date, or null before the member was admitted.</summary>
    public MemberFiguresVersion? FiguresOn(LocalDate date) =>
        Figures.Where(f => f.EffectiveFrom <= date).OrderBy(f => f.EffectiveFrom).LastOrDefault();

    public bool IsActiveOn(LocalDate date) => AdmittedOn <= date && (WithdrawnOn is null || date < WithdrawnOn);

    /// <summary>The figures a cost-sharing rule reads, as of a date.</summary>
    public MemberFigures BasisOn(LocalDate date)
    {
        var f = FiguresOn(date) ?? throw new InvalidOperationException($"Member {Code} was not admitted on {date:uuuu-MM-dd}.");
        return new MemberFigures(Id.ToString("D"), new Dictionary<BasisAttribute, decimal>
        {
            [BasisAttribute.Fte] = f.Fte,
            [BasisAttribute.Population] = f.Population,
            [BasisAttribute.Budget] = f.MaterialsBudget.Minor / Pow10(f.MaterialsBudget.MinorUnits), // exact: a power of ten
        });
    }

    private static decimal Pow10(int n) => n switch { 0 => 1m, 2 => 100m, 3 => 1000m, _ => throw new ArgumentOutOfRangeException(nameof(n)) };
}
