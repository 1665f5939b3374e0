using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using Wolverine.Http;

namespace SharingLedger.Procurement;

/// <summary>Award the contract to a vendor at the actual cost (any supported currency).</summary>
public sealed record AwardContract(string Vendor, MoneyInput? ActualCost);

public static class AwardContractEndpoint
{
    /// <summary>Award a joint procurement to a vendor at the actual cost.</summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/award")]
    public static async Task<IResult> Post(Guid consortiumId, Guid procurementId, AwardContract? command, IDocumentSession session,
        IClock clock, ISubjectHoldings holdings, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (await ProcurementStream.OpenAsync(session, consortiumId, procurementId, ct) is not { } opened)
            return Problems.NotFound("procurement", procurementId);
        var (consortium, stream) = opened;
        var p = stream.Aggregate!;
        if (p.Award is not null)
            return Problems.Conflict($"The contract was already awarded to {p.Award.Vendor} on {p.Award.AwardedOn:uuuu-MM-dd}.");
        var today = consortium.Calendar().Today(clock);

        var v = new Validation().NotBlank(command.Vendor, "vendor");
        var cost = v.Money(command.ActualCost, "actualCost", positive: true);
        if (!p.DeadlinePassed(today) && !p.EveryoneAnswered())
        {
            var waiting = p.Proposal.InvitedMembers.Count(m => p.AnswerOf(m.MemberId) is null);
            v.Add("commitmentDeadline", $"Answers are open until {p.Proposal.CommitmentDeadline:uuuu-MM-dd} and {waiting} invited member(s) have not answered; " +
                "award after the deadline or once everyone has answered.");
        }
        var committed = p.CommittedMembers();
        if (committed.Count == 0) v.Add("commitments", "No invited member committed; a contract needs at least one committed member to share its cost.");
        else CheckFixedPercentages(v, p, committed);
        if (!v.IsValid) return v.Problem();

        var awarded = new ContractAwarded(p.Id, consortiumId, command.Vendor.Trim(), cost!.Value, today, committed, clock.GetCurrentInstant());
        var version = (int)(stream.CurrentVersion ?? 0) + 1;
        stream.AppendOne(awarded);

        p.Apply(awarded);
        p.Version = version;
        return Results.Ok(ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
    }

    /// <summary>A fixed-percentage term can split the invoice only if its percentages name exactly the committed members.</summary>
    private static void CheckFixedPercentages(Validation v, JointProcurement p, IReadOnlyList<InvitedMember> committed)
    {
        var rule = p.Proposal.SharingTerm.Rule;
        if (rule.Method != SharingMethod.Fixed || rule.Percentages is null) return;
        var ids = committed.Select(m => m.MemberId.ToString("D")).ToHashSet(StringComparer.Ordinal);
        if (!ids.SetEquals(rule.Percentages.Keys))
            v.Add("sharingTerm", $"Term '{p.Proposal.SharingTermName}' gives fixed percentages to its own members; " +
                "they must be exactly the committed members for the invoice to be split.");
    }
}
