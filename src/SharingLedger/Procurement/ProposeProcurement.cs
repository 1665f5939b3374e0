using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Procurement;

/// <summary>
/// Propose a joint purchase. <c>sharingTerm</c> names a cost-sharing term of the agreement version in force
/// today; <c>invitedMembers</c> left out invites every member active today.
/// </summary>
public sealed record ProposeProcurement(
    string Title,
    string Subject,
    MoneyInput? EstimatedCost,
    string SharingTerm,
    LocalDate? CommitmentDeadline,
    IReadOnlyList<Guid>? InvitedMembers);

public static class ProposeProcurementEndpoint
{
    /// <summary>Propose a joint purchase: title, subject, estimate, the agreement's named sharing term, commitment deadline and invited members.</summary>
    [ProducesResponseType(typeof(ProcurementView), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements")]
    public static async Task<IResult> Post(Guid consortiumId, ProposeProcurement? command, IDocumentSession session, IClock clock,
        ISubjectHoldings holdings, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        var today = consortium.Calendar().Today(clock);

        var v = new Validation()
            .NotBlank(command.Title, "title")
            .NotBlank(command.Subject, "subject")
            .Date(command.CommitmentDeadline, "commitmentDeadline");
        if (command.CommitmentDeadline is { } deadline && deadline < today)
            v.Add("commitmentDeadline", $"The deadline cannot be in the past; today is {today:uuuu-MM-dd} in the consortium's time zone.");
        var estimate = v.Money(command.EstimatedCost, "estimatedCost", positive: true, currency: consortium.BaseCurrency);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var (inForce, term) = ChooseTerm(v, agreement, command.SharingTerm, today);
        var members = await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId).ToListAsync(ct);
        var invited = Invite(v, members, command.InvitedMembers, today);
        if (!v.IsValid) return v.Problem();

        var id = Guid.CreateVersion7();
        var proposed = new ProcurementProposed(id, consortiumId, command.Title.Trim(), command.Subject.Trim(), estimate!.Value,
            command.SharingTerm.Trim(), inForce!.AgreementId, inForce.Version, term!, today, command.CommitmentDeadline!.Value,
            invited, clock.GetCurrentInstant());
        session.Events.StartStream<JointProcurement>(id, proposed);

        var procurement = JointProcurement.Create(proposed);
        procurement.Version = 1;
        var holders = await holdings.HoldersOfAsync(session, consortiumId, proposed.Subject, ct);
        return Results.Created($"/consortia/{consortiumId}/procurements/{id}", ProcurementView.From(procurement, holders));
    }

    private static (AgreementAdopted?, SharingTerm?) ChooseTerm(Validation v, Agreement? agreement, string? name, LocalDate today)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            v.Add("sharingTerm", "Required: the name of a cost-sharing term of the agreement.");
            return (null, null);
        }
        var inForce = agreement?.InForceOn(today);
        if (inForce is null)
        {
            v.Add("sharingTerm", $"No agreement is in force on {today:uuuu-MM-dd}, so there is no cost-sharing term to choose.");
            return (null, null);
        }
        if (inForce.CostSharing?.GetValueOrDefault(name.Trim()) is not { } term)
        {
            var names = inForce.CostSharing is { Count: > 0 } t ? string.Join(", ", t.Keys.Order(StringComparer.Ordinal)) : "none";
            v.Add("sharingTerm", $"Agreement version {inForce.Version} has no cost-sharing term named '{name.Trim()}' (its terms: {names}).");
            return (inForce, null);
        }
        if (term.Rule.AttributesUsed().Contains(BasisAttribute.Usage))
            v.Add("sharingTerm", $"Term '{name.Trim()}' splits by usage counts, which a one-off purchase does not have.");
        return (inForce, term);
    }

    private static List<InvitedMember> Invite(Validation v, IReadOnlyList<Member> members, IReadOnlyList<Guid>? requested, LocalDate today)
    {
        if (requested is null)
        {
            var active = members.Where(m => m.IsActiveOn(today)).OrderBy(m => m.Code, StringComparer.Ordinal)
                .Select(m => new InvitedMember(m.Id, m.Code)).ToList();
            v.Require(active.Count > 0, "invitedMembers", $"No member is active on {today:uuuu-MM-dd}, so nobody can be invited.");
            return active;
        }
        v.Require(requested.Count > 0, "invitedMembers", "Invite at least one member, or leave the field out to invite every active member.");
        v.Require(requested.Distinct().Count() == requested.Count, "invitedMembers", "A member is invited once.");
        var byId = members.ToDictionary(m => m.Id);
        var invited = new List<InvitedMember>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (!byId.TryGetValue(requested[i], out var m)) v.Add($"invitedMembers[{i}]", $"{requested[i]} is not a member of this consortium.");
            else if (!m.IsActiveOn(today)) v.Add($"invitedMembers[{i}]", $"Member {m.Code} is not an active member on {today:uuuu-MM-dd}.");
            else invited.Add(new InvitedMember(m.Id, m.Code));
        }
        return invited.DistinctBy(m => m.MemberId).OrderBy(m => m.MemberCode, StringComparer.Ordinal).ToList();
    }
}
