using NodaTime;

namespace SharingLedger.Subscriptions;

/// <summary>A shared database or package subscription with all its terms (inline snapshot of its stream).</summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public string Vendor { get; set; } = "";
    public string Resource { get; set; } = "";
    public List<SubscriptionTerm> Terms { get; set; } = [];
    public List<SubscriptionUsageReported> Usage { get; set; } = [];
    public LocalDate? CancelledFrom { get; set; }
    public string? CancellationReason { get; set; }
    public int Version { get; set; }

    public SubscriptionTerm Current => Terms[^1];
    public SubscriptionTerm? TermNumber(int number) => Terms.FirstOrDefault(t => t.Number == number);

    public static Subscription Create(SubscriptionContracted e) => new()
    {
        Id = e.SubscriptionId,
        ConsortiumId = e.ConsortiumId,
        Vendor = e.Vendor,
        Resource = e.Resource,
        Terms =
        [
            new SubscriptionTerm
            {
                Number = 1, Start = e.TermStart, End = e.TermEnd, Price = e.Price, Participants = [.. e.Participants],
                SharingTermName = e.SharingTermName, SharingTerm = e.SharingTerm, AgreementId = e.AgreementId,
                AgreementVersion = e.AgreementVersion, StandalonePrices = new(e.StandalonePrices ?? new Dictionary<Guid, Kernel.Money.Money>()),
                PreviousShares = new(e.PreviousShares ?? new Dictionary<Guid, Kernel.Money.Money>()), PhaseInYear = e.PhaseInYear,
            },
        ],
    };

    public void Apply(SubscriptionInvoiced e) => TermNumber(e.Term)!.Invoice = e;

    public void Apply(SubscriptionCostApportioned e) => TermNumber(e.Term)!.Apportionments.Add(e);

    public void Apply(SubscriptionParticipantJoined e) =>
        TermNumber(e.Term)!.Participants.Add(new Sharing.Participation(e.MemberId, e.From));

    public void Apply(SubscriptionParticipantLeft e)
    {
        var term = TermNumber(e.Term)!;
        var index = term.Participants.FindLastIndex(p => p.MemberId == e.MemberId);
        term.Participants[index] = term.Participants[index] with { To = e.EffectiveFrom.PlusDays(-1) };
    }

    public void Apply(SubscriptionUsageReported e) => Usage.Add(e);

    public void Apply(SubscriptionTermRepriced e)
    {
        var term = TermNumber(e.Term)!;
        term.AgreementId = e.AgreementId;
        term.AgreementVersion = e.AgreementVersion;
        term.SharingTerm = e.SharingTerm;
    }

    public void Apply(SubscriptionRenewed e)
    {
        var previous = Current;
        Terms.Add(new SubscriptionTerm
        {
            Number = e.Term, Start = e.TermStart, End = e.TermEnd, Price = e.Price, Participants = [.. e.Participants],
            SharingTermName = e.SharingTermName, SharingTerm = e.SharingTerm, AgreementId = e.AgreementId, AgreementVersion = e.AgreementVersion,
            StandalonePrices = new(e.StandalonePrices ?? new Dictionary<Guid, Kernel.Money.Money>()),
            PreviousShares = previous.Latest?.Cost.Lines.ToDictionary(l => l.MemberId, l => l.Amount) ?? [],
            PhaseInYear = previous.PhaseInYear is { } year ? year + 1 : previous.Latest is null ? null : 1,
        });
    }

    public void Apply(SubscriptionCancelled e)
    {
        CancelledFrom = e.EffectiveFrom;
        CancellationReason = e.Reason;
    }

    /// <summary>Each member's usage by the metric over reports that fall within [from, to].</summary>
    public Dictionary<Guid, decimal> UsageWithin(string metric, LocalDate from, LocalDate to) =>
        Usage.Where(u => u.Metric == metric && u.PeriodStart >= from && u.PeriodEnd <= to)
            .GroupBy(u => u.MemberId)
            .ToDictionary(g => g.Key, g => (decimal)g.Sum(u => u.Count));
}
