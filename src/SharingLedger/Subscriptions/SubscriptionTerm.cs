using SharingLedger.Infrastructure.Json;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>One term of a subscription: its price, participants, pricing term, invoice and apportionments.</summary>
public sealed class SubscriptionTerm
{
    public int Number { get; set; }
    public LocalDate Start { get; set; }
    public LocalDate End { get; set; }
    public Money Price { get; set; }
    public List<Participation> Participants { get; set; } = [];
    public string SharingTermName { get; set; } = "";
    public SharingTerm SharingTerm { get; set; } = null!;
    public Guid AgreementId { get; set; }
    public int AgreementVersion { get; set; }
    public Dictionary<Guid, Money> StandalonePrices { get; set; } = [];
    public Dictionary<Guid, Money> PreviousShares { get; set; } = [];
    public int? PhaseInYear { get; set; }

    /// <summary>
    /// The shares of the term before the phase-in began, as recorded on the term's event; null on terms recorded
    /// before that figure existed, which are priced from <see cref="PreviousShares"/> as they always were.
    /// </summary>
    public Dictionary<Guid, Money>? SharesBeforePhaseIn { get; set; }
    public SubscriptionInvoiced? Invoice { get; set; }
    /// <summary>Every split of the term, voided ones included (their revisions are at most <see cref="VoidedThroughRevision"/>).</summary>
    public List<SubscriptionCostApportioned> Apportionments { get; set; } = [];
    /// <summary>Payments to the vendor against the term's invoice.</summary>
    public List<VendorPayment> Payments { get; set; } = [];
    /// <summary>Invoices of the term voided, oldest first.</summary>
    public List<SubscriptionInvoiceVoided> Voids { get; set; } = [];
    public int VoidedThroughRevision { get; set; }
    /// <summary>How many of <see cref="Payments"/> were against invoices since voided (they are the vendor credits' now).</summary>
    public int PaymentsOfVoided { get; set; }
    /// <summary>What the vendor refunded of its credits for voided, paid invoices.</summary>
    public List<VendorCreditRefund> CreditRefunds { get; set; } = [];
    /// <summary>Set while the invoice is recorded but the agreement could not split it: the term needs a decision.</summary>
    public SubscriptionSplitPending? PendingSplit { get; set; }

    [NotStored] public DateInterval Period => new(Start, End);
    /// <summary>The split that stands: the latest revision of the current invoice (none when its invoice was voided).</summary>
    [NotStored] public SubscriptionCostApportioned? Latest => Apportionments.LastOrDefault() is { } a && a.Revision > VoidedThroughRevision ? a : null;
    /// <summary>Whether the split that stands is one finance decided (a restatement leaves it as decided).</summary>
    [NotStored] public bool SplitDecidedByFinance => Latest?.Cost.Method == DecidedSplit.Method;
    /// <summary>The number the next split of the term gets: revisions go on counting across a void.</summary>
    [NotStored] public int NextRevision => (Apportionments.LastOrDefault()?.Revision ?? 0) + 1;

    /// <summary>The term's invoice as booked, for a payment or a void; null before it is invoiced.</summary>
    public BookedInvoice? Booked(Guid subscriptionId, Guid consortiumId, string vendor) => Invoice is { } i
        ? new BookedInvoice("subscription", subscriptionId, Number, consortiumId, vendor, i.InvoiceNumber, i.InvoiceDate, i.Amount, i.RateToBase,
            i.BaseAmount, Payments.Skip(PaymentsOfVoided).Where(p => p.InvoiceNumber == i.InvoiceNumber).ToList())
        : null;

    /// <summary>What the vendor owes back for the term's voided, paid invoices (<see cref="VendorCredit"/>).</summary>
    public IReadOnlyList<VendorCredit> Credits(Guid subscriptionId, Guid consortiumId, string vendor) =>
        VendorCredit.Of("subscription", subscriptionId, Number, consortiumId, vendor,
            Voids.Where(v => v.Paid is { IsPositive: true }).Select(v => new VoidedPayments(v.InvoiceNumber, v.VoidedOn, v.Paid!.Value, v.PaidBase!.Value)),
            Payments, CreditRefunds);

    /// <summary>A copy priced by another agreement version's sharing term (the term loaded for writing is never mutated).</summary>
    public SubscriptionTerm RepricedBy(Guid agreementId, int agreementVersion, SharingTerm sharingTerm)
    {
        var copy = (SubscriptionTerm)MemberwiseClone();
        copy.AgreementId = agreementId;
        copy.AgreementVersion = agreementVersion;
        copy.SharingTerm = sharingTerm;
        return copy;
    }

    public bool Contains(LocalDate date) => Start <= date && date <= End;

    /// <summary>Whether the member takes part on any day of [from, to].</summary>
    public bool Overlaps(Guid memberId, LocalDate from, LocalDate to) =>
        Participants.Any(p => p.MemberId == memberId && (p.From ?? Start) <= to && from <= (p.To ?? End));

    public bool TakesPartOn(Guid memberId, LocalDate date) => Overlaps(memberId, date, date);
}
