using SharingLedger.Infrastructure.Json;
using NodaTime;
using SharingLedger.Kernel.CostSharing;

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

    // Not stored: it is the last of the terms (at national size, a copy of it doubled the stored document).
    [NotStored] public SubscriptionTerm Current => Terms[^1];
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
                SharesBeforePhaseIn = e.SharesBeforePhaseIn is { } before ? new(before) : null,
            },
        ],
    };

    public void Apply(SubscriptionInvoiced e) => TermNumber(e.Term)!.Invoice = e;

    public void Apply(SubscriptionCostApportioned e)
    {
        var term = TermNumber(e.Term)!;
        term.Apportionments.Add(e);
        term.PendingSplit = null;
    }

    public void Apply(SubscriptionSplitPending e) => TermNumber(e.Term)!.PendingSplit = e;

    public void Apply(SubscriptionSplitDecided e) { } // the split it decided follows as its own event

    public void Apply(SubscriptionInvoicePaid e) => TermNumber(e.Term)!.Payments.Add(e.Payment);

    public void Apply(SubscriptionVendorCreditRefunded e) => TermNumber(e.Term)!.CreditRefunds.Add(e.Refund);

    public void Apply(SubscriptionInvoiceVoided e)
    {
        var term = TermNumber(e.Term)!;
        term.Invoice = null;
        term.PendingSplit = null;
        term.VoidedThroughRevision = e.ThroughRevision;
        term.PaymentsOfVoided = term.Payments.Count;
        term.Voids.Add(e);
    }

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
        // An event recorded before the figures were (no PreviousShares) derives them from the term before, as it did
        // then, and keeps no SharesBeforePhaseIn, so that the term is priced again exactly as it was.
        var derived = e.PreviousShares is null ? HistoryAfter(Current) : null;
        Terms.Add(new SubscriptionTerm
        {
            Number = e.Term, Start = e.TermStart, End = e.TermEnd, Price = e.Price, Participants = [.. e.Participants],
            SharingTermName = e.SharingTermName, SharingTerm = e.SharingTerm, AgreementId = e.AgreementId, AgreementVersion = e.AgreementVersion,
            StandalonePrices = new(e.StandalonePrices ?? new Dictionary<Guid, Kernel.Money.Money>()),
            PreviousShares = new(e.PreviousShares ?? derived!.LastTermShares),
            PhaseInYear = derived is null ? e.PhaseInYear : derived.PhaseInYear,
            SharesBeforePhaseIn = derived is null && e.SharesBeforePhaseIn is { } before ? new(before) : null,
        });
    }

    /// <summary>
    /// The figures a renewal of <paramref name="term"/> records: its shares as last term's, the phase-in year after its
    /// own, and the shares before the phase-in began (carried unchanged through the phase-in).
    /// </summary>
    public TermHistory<Guid> HistoryAfter(SubscriptionTerm term) =>
        new TermHistory<Guid>(term.PreviousShares, SharesBeforePhaseInOf(term), term.PhaseInYear)
            .Renew(term.Latest?.Cost.Lines.ToDictionary(l => l.MemberId, l => l.Amount));

    /// <summary>
    /// The shares before the phase-in of <paramref name="term"/> began: as recorded, or for a term recorded before the
    /// figure existed, found by walking back to the phase-in's year 1 (whose previous shares they are). Null when
    /// not known (a term contracted in a later phase-in year before the figure existed).
    /// </summary>
    public IReadOnlyDictionary<Guid, Kernel.Money.Money>? SharesBeforePhaseInOf(SubscriptionTerm term)
    {
        for (var t = term; t is not null; t = TermNumber(t.Number - 1))
        {
            if (t.SharesBeforePhaseIn is { } recorded) return recorded;
            if (t.PhaseInYear is not { } year) return null;
            if (year == 1) return t.PreviousShares;
            if (TermNumber(t.Number - 1)?.PhaseInYear != year - 1) return null;
        }
        return null;
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
