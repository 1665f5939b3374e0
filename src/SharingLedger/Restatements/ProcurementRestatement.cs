using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using SharingLedger.Procurement;
using SharingLedger.Sharing;

namespace SharingLedger.Restatements;

/// <summary>Splits an invoiced procurement again by the amendment's sharing term of the same name, as of the invoice date.</summary>
public static class ProcurementRestatement
{
    public static ProcurementCostRestated Restate(JointProcurement procurement, AgreementAdopted amendment, SharingTerm sharingTerm,
        IReadOnlyDictionary<Guid, Member> members, Instant now)
    {
        var current = procurement.Apportionment!;
        var priced = ProcurementPricing.Price(procurement, current.Total, current.PricedOn, members, sharingTerm);
        return new ProcurementCostRestated(procurement.Id, procurement.ConsortiumId, current.FiscalYear, current.PricedOn,
            amendment.AgreementId, amendment.Version, current.AgreementVersion, current.SharingTermName, sharingTerm,
            current.Total, priced.Lines, priced.Shortfall, ShareDifferences.Compare(current.Lines, priced.Lines, current.Total.Currency), now);
    }

    /// <summary>
    /// A procurement whose split waits for a decision (<see cref="ProcurementSplitPending"/>), split by the amendment's term of the
    /// same name as its first split would have been (the invoice's base amount, the committed members' figures on the invoice date),
    /// naming the amendment that resolved it. Null when the amended term cannot split it either: it keeps waiting for finance.
    /// </summary>
    public static ProcurementCostApportioned? Resolve(JointProcurement procurement, AgreementAdopted amendment, SharingTerm sharingTerm,
        IReadOnlyDictionary<Guid, Member> members, int fiscalYear, Instant now)
    {
        var pending = procurement.PendingSplit!;
        var invoice = procurement.Invoice!;
        PricedCost priced;
        try
        {
            priced = ProcurementPricing.Price(procurement, pending.BaseAmount, invoice.InvoiceDate, members, sharingTerm);
        }
        catch (CostSharingException)
        {
            return null;
        }
        var replaced = procurement.Proposal.AgreementVersion;
        var why = $"Split under agreement version {amendment.Version} (a retroactive amendment effective from {amendment.EffectiveFrom:uuuu-MM-dd}), " +
                  $"whose '{procurement.Proposal.SharingTermName}' term can split invoice {pending.InvoiceNumber}; version {replaced}'s could not, " +
                  "so the split had been waiting for a decision.";
        return new ProcurementCostApportioned(procurement.Id, procurement.ConsortiumId, fiscalYear, invoice.InvoiceDate, amendment.AgreementId,
            amendment.Version, procurement.Proposal.SharingTermName, sharingTerm, pending.BaseAmount, priced.Lines, priced.Shortfall, now,
            procurement.Proposal.Title, ReplacesAgreementVersion: replaced, ResolvedBecause: why);
    }
}
