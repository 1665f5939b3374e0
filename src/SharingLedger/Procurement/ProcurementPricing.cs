using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// Splits an invoiced procurement among the members who committed, with the shared <see cref="CostPricing"/>:
/// the whole cost falls on one day, the invoice date, so every committed member takes part for the whole
/// "term" and its figures are those in force that day. The term's budget cap and floor apply; its increase
/// cap, standalone-price cap and phase-in need a previous term or a standalone price, which a one-off
/// purchase does not have, so they do not bind.
/// </summary>
public static class ProcurementPricing
{
    /// <param name="term">Another sharing term to price by (a retroactive amendment's); default the one the proposal recorded.</param>
    public static PricedCost Price(JointProcurement procurement, Money total, LocalDate invoiceDate, IReadOnlyDictionary<Guid, Member> members,
        Agreements.SharingTerm? term = null) =>
        CostPricing.Price(new PricingInput(
            total,
            term ?? procurement.Proposal.SharingTerm,
            new DateInterval(invoiceDate, invoiceDate),
            procurement.CommittedMembers().Select(m => new Participation(m.MemberId)).ToList(),
            members));
}
