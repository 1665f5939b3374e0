using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// Finance's decision on a procurement whose invoice the agreement could not split as written (<see cref="ProcurementSplitPending"/>):
/// each committed member's share as decided, the rest borne by the central fund as shortfall. Recorded as the decision (with its
/// reason) and the split it makes, dated by the invoice as any first split.
/// </summary>
public static class ProcurementSplitDecisions
{
    public static Decision Decide(JointProcurement p, DecideProcurementSplit command, Consortium consortium, Instant now)
    {
        if (p.PendingSplit is not { } pending)
            return new Decision.Conflict($"The procurement needs no decision: {(p.Invoice is null ? "it is not invoiced" : "its split stands")}.");
        var v = new Validation().NotBlank(command.Reason, "reason", 500);
        var sharers = p.CommittedMembers().ToDictionary(m => m.MemberId, m => m.MemberCode);
        if (DecidedSplit.Check(v, command.Shares, pending.BaseAmount, sharers, "Not a member who committed to the procurement.") is not { } cost)
            return new Decision.Invalid(v.Errors);

        var reason = command.Reason!.Trim();
        var invoice = p.Invoice!;
        var decided = new ProcurementSplitDecided(p.Id, p.ConsortiumId, pending.InvoiceNumber, reason,
            cost.Lines.Select(l => new MemberShare(l.MemberId, l.MemberCode, l.Amount)).ToList(), cost.Shortfall, now);
        var split = new ProcurementCostApportioned(p.Id, p.ConsortiumId, consortium.Calendar().YearOf(invoice.InvoiceDate), invoice.InvoiceDate,
            p.Proposal.AgreementId, p.Proposal.AgreementVersion, p.Proposal.SharingTermName, p.Proposal.SharingTerm,
            pending.BaseAmount, cost.Lines, cost.Shortfall, now, p.Proposal.Title, reason);
        return Decision.Accept(decided, split);
    }
}
