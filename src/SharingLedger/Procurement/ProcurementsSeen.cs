using Marten;

namespace SharingLedger.Procurement;

/// <summary>
/// The procurements a caller may see, one query for the API and the console: staff see the consortium's; a member library
/// (a member system, or a member's console session) sees only those it is invited to, newest proposal first, and of each
/// only what is its own (<see cref="ProcurementView.SeenBy"/>).
/// </summary>
public static class ProcurementsSeen
{
    /// <param name="member">The member the caller is held to; null for staff.</param>
    public static IQueryable<JointProcurement> By(IQuerySession session, Guid consortiumId, Guid? member)
    {
        var all = session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortiumId);
        if (member is { } m) all = all.Where(p => p.Proposal.InvitedMembers.Any(i => i.MemberId == m));
        return all.OrderByDescending(p => p.Proposal.ProposedAt).ThenByDescending(p => p.Id);
    }
}
