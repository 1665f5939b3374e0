using NodaTime;
using SharingLedger.Agreements;
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
}
