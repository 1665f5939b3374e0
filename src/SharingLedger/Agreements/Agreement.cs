using NodaTime;

namespace SharingLedger.Agreements;

/// <summary>A consortium's agreement with all its versions (inline snapshot of its stream).</summary>
public class Agreement
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public List<AgreementAdopted> Versions { get; set; } = [];
    public int Version { get; set; }

    public static Agreement Create(AgreementAdopted e) => new() { Id = e.AgreementId, ConsortiumId = e.ConsortiumId, Versions = [e] };

    public void Apply(AgreementAdopted e) => Versions.Add(e);

    public AgreementAdopted Latest => Versions.OrderBy(v => v.Version).Last();

    /// <summary>The version in force on a date: the latest one effective on or before it.</summary>
    public AgreementAdopted? InForceOn(LocalDate date) =>
        Versions.Where(v => v.EffectiveFrom <= date).OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version).LastOrDefault();
}
