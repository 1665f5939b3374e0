namespace SharingLedger.Ledger;

/// <summary>
/// A member's account stream (<c>StreamIds.MemberAccount(consortiumId, memberId)</c>): payments and their reversals,
/// refunds, credit notes, disputes, write-offs and the settlement of what the consortium owes the member. Inline snapshot; the money itself is in the postings.
/// </summary>
public sealed class MemberAccount
{
    public Guid Id { get; set; }
    public Guid ConsortiumId { get; set; }
    public Guid MemberId { get; set; }
    public List<string> PaymentReferences { get; set; } = [];
    /// <summary>Every payment recorded, by id, as it was allocated; and which of them were reversed.</summary>
    public Dictionary<Guid, PaymentReceived> Payments { get; set; } = [];
    public HashSet<Guid> ReversedPayments { get; set; } = [];
    /// <summary>Disputes raised and not yet resolved, by id.</summary>
    public Dictionary<Guid, DisputeRaised> OpenDisputes { get; set; } = [];
    public Dictionary<Guid, DisputeResolved> ResolvedDisputes { get; set; } = [];
    public int Version { get; set; }

    private void Own(Guid accountId, Guid consortiumId, Guid memberId)
    {
        Id = accountId;
        ConsortiumId = consortiumId;
        MemberId = memberId;
    }

    public void Apply(PaymentReceived e)
    {
        Own(e.AccountId, e.ConsortiumId, e.MemberId);
        PaymentReferences.Add(e.BankReference);
        Payments[e.PaymentId] = e;
    }

    public void Apply(PaymentReversed e) => ReversedPayments.Add(e.PaymentId);
    public void Apply(OverpaymentRefunded e) => Own(e.AccountId, e.ConsortiumId, e.MemberId);
    public void Apply(MemberPayableSettled e) => Own(e.AccountId, e.ConsortiumId, e.MemberId);

    public void Apply(CreditNoteIssued e) => Own(e.AccountId, e.ConsortiumId, e.MemberId);
    public void Apply(WriteOffApproved e) => Own(e.AccountId, e.ConsortiumId, e.MemberId);

    public void Apply(DisputeRaised e)
    {
        Own(e.AccountId, e.ConsortiumId, e.MemberId);
        OpenDisputes[e.DisputeId] = e;
    }

    public void Apply(DisputeResolved e)
    {
        OpenDisputes.Remove(e.DisputeId);
        ResolvedDisputes[e.DisputeId] = e;
    }
}
