using JasperFx.Events;
using Marten;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Procurement;

/// <summary>
/// What a procurement command is decided against besides the procurement: members (all of the consortium's for a proposal,
/// the committed ones for an invoice, the one answering), the agreement (for a proposal) and who already holds the subject
/// (for the answer's duplicate-buying warning).
/// </summary>
public sealed record ProcurementFacts(IReadOnlyDictionary<Guid, Member> Members, IReadOnlyList<SubjectHolder> Holders, Agreement? Agreement = null);

/// <summary>
/// What every procurement command does around its decision (Wolverine's aggregate handler workflow loads the consortium and
/// fetches the procurement's stream for writing, so a write committed by anyone else first makes this save a 409):
/// <c>Validate</c> answers 400 and 404; the <c>…FactsAsync</c> methods read the facts after the fetch.
/// </summary>
public static class ProcurementAccess
{
    /// <summary>An empty body is a 400; an unknown consortium or procurement, or a procurement of another consortium, a 404.</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null || procurement is null || procurement.ConsortiumId != consortiumId) return Problems.NotFound("procurement", procurementId);
        return WolverineContinue.Result();
    }

    public static async Task<ProcurementFacts> ProposalFactsAsync(IQuerySession session, ISubjectHoldings holdings, Guid consortiumId, string? subject, CancellationToken ct) =>
        new((await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId && !m.External).ToListAsync(ct)).ToDictionary(m => m.Id), // external libraries take no shares
            string.IsNullOrWhiteSpace(subject) ? [] : await holdings.HoldersOfAsync(session, consortiumId, subject.Trim(), ct),
            await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct));

    /// <summary>The committed members (an invoice splits among them) and who holds the subject; nothing for a procurement that will be refused.</summary>
    public static async Task<ProcurementFacts> FactsAsync(IQuerySession session, ISubjectHoldings holdings, Guid consortiumId,
        IEventStream<JointProcurement> stream, bool withMembers, CancellationToken ct)
    {
        if (stream.Aggregate is not { } p || p.ConsortiumId != consortiumId) return new(new Dictionary<Guid, Member>(), []);
        var members = withMembers ? (await session.LoadManyAsync<Member>(ct, p.CommittedMembers().Select(m => m.MemberId))).ToDictionary(m => m.Id) : [];
        return new(members, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct));
    }

    /// <summary>The procurement as it stands after the accepted events, shown with its holders (the version counts them).</summary>
    public static ProcurementView After(JointProcurement p, Decision decision, IReadOnlyList<SubjectHolder> holders)
    {
        var events = ((Decision.Accepted)decision).Events;
        foreach (var e in events)
        {
            switch (e)
            {
                case ContractAwarded a: p.Apply(a); break;
                case ProcurementInvoiced i: p.Apply(i); break;
                case ProcurementCostApportioned c: p.Apply(c); break;
                case ProcurementSplitPending s: p.Apply(s); break;
            }
        }
        p.Version += events.Count;
        return ProcurementView.From(p, holders);
    }
}
