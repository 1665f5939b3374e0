using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// The decisions of a joint procurement, free of HTTP and storage: given the procurement, the facts read for it, the
/// consortium's today and a command, the events it records or why it records nothing. The split is the Kernel's, through
/// <see cref="ProcurementPricing"/>. Refusals keep the order the endpoints always had.
/// </summary>
public static class ProcurementDecisions
{
    public static Decision Propose(ProposeProcurement command, Consortium consortium, ProcurementFacts facts, LocalDate today, Guid procurementId, Instant now)
    {
        var v = new Validation()
            .NotBlank(command.Title, "title")
            .NotBlank(command.Subject, "subject")
            .Date(command.CommitmentDeadline, "commitmentDeadline");
        if (command.CommitmentDeadline is { } deadline && deadline < today)
            v.Add("commitmentDeadline", $"The deadline cannot be in the past; today is {today:uuuu-MM-dd} in the consortium's time zone.");
        var estimate = v.Money(command.EstimatedCost, "estimatedCost", positive: true, currency: consortium.BaseCurrency);
        var (inForce, term) = ChooseTerm(v, facts.Agreement, command.SharingTerm, today);
        var invited = Invite(v, facts.Members.Values.ToList(), command.InvitedMembers, today);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        return Decision.Accept(new ProcurementProposed(procurementId, consortium.Id, command.Title.Trim(), command.Subject.Trim(), estimate!.Value,
            command.SharingTerm.Trim(), inForce!.AgreementId, inForce.Version, term!, today, command.CommitmentDeadline!.Value, invited, now));
    }

    public static Decision Answer(JointProcurement p, AnswerProcurement command, Member? member, LocalDate today, Instant now)
    {
        if (p.Award is not null)
            return new Decision.Conflict($"The contract was awarded on {p.Award.AwardedOn:uuuu-MM-dd}; answers are closed.");
        var v = new Validation()
            .Require(command.MemberId is not null, "memberId", "Required.")
            .Require(command.Decision is not null, "decision", "Required: commit or decline.");
        if (p.DeadlinePassed(today))
            v.Add("commitmentDeadline", $"Answers closed after {p.Proposal.CommitmentDeadline:uuuu-MM-dd}; today is {today:uuuu-MM-dd}.");
        if (command.MemberId is not null)
        {
            if (member is null || member.ConsortiumId != p.ConsortiumId || member.Id != command.MemberId) v.Add("memberId", $"{command.MemberId} is not a member of this consortium.");
            else if (!p.IsInvited(member.Id)) v.Add("memberId", $"Member {member.Code} was not invited to this procurement.");
            else if (!member.IsActiveOn(today)) v.Add("memberId", $"Member {member.Code} is not an active member on {today:uuuu-MM-dd}.");
        }
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        if (p.AnswerOf(member!.Id) is { } answer)
            return new Decision.Conflict($"Member {member.Code} already answered '{answer.Decision.ToString().ToLowerInvariant()}' on {answer.AnsweredOn:uuuu-MM-dd}.");
        return Decision.Accept(command.Decision == ProcurementDecision.Commit
            ? new MemberCommittedToProcurement(p.Id, p.ConsortiumId, member.Id, member.Code, today, now)
            : new MemberDeclinedProcurement(p.Id, p.ConsortiumId, member.Id, member.Code, today, now));
    }

    public static Decision Award(JointProcurement p, AwardContract command, LocalDate today, Instant now)
    {
        if (p.Award is not null)
            return new Decision.Conflict($"The contract was already awarded to {p.Award.Vendor} on {p.Award.AwardedOn:uuuu-MM-dd}.");
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
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return Decision.Accept(new ContractAwarded(p.Id, p.ConsortiumId, command.Vendor.Trim(), cost!.Value, today, committed, now));
    }

    public static Decision Invoice(JointProcurement p, InvoiceProcurement command, Consortium consortium, ProcurementFacts facts, LocalDate today, Instant now)
    {
        if (p.Award is null) return new Decision.Conflict("The contract has not been awarded yet; an invoice follows the award.");
        if (p.Invoice is not null) return new Decision.Conflict($"Invoice {p.Invoice.InvoiceNumber} was already recorded; a procurement is invoiced once.");

        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).Date(command.InvoiceDate, "invoiceDate");
        if (command.InvoiceDate is { } date)
        {
            v.Require(date >= p.Award.AwardedOn, "invoiceDate", $"The contract was awarded on {p.Award.AwardedOn:uuuu-MM-dd}; the invoice cannot be dated before that.");
            v.Require(date <= today, "invoiceDate", $"The invoice cannot be dated in the future; today is {today:uuuu-MM-dd}.");
        }
        var baseCurrency = consortium.BaseCurrency;
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (amount is { } a && a.Currency == baseCurrency)
            v.Require(command.RateToBase is null, "rateToBase", $"The invoice is in the base currency {baseCurrency}; leave the rate out.");
        else if (amount is not null && command.RateToBase is not > 0m)
            v.Add("rateToBase", command.RateToBase is null
                ? $"Required: the invoice is in {amount.Value.Currency}, not the base currency {baseCurrency}; give {baseCurrency} per {amount.Value.Currency}."
                : "Must be greater than zero.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var converted = command.RateToBase is { } rate
            ? CurrencyConversion.ToBase(amount!.Value, rate, baseCurrency)
            : new ConvertedAmount(amount!.Value.ToDecimalString(), amount.Value);
        if (!converted.Amount.IsPositive)
            return new Decision.Invalid([new FieldError("rateToBase", $"{amount.Value} at {command.RateToBase} is {converted.Exact} {baseCurrency}, nothing once rounded.")]);

        var invoiceDate = command.InvoiceDate!.Value;
        var invoiced = new ProcurementInvoiced(p.Id, p.ConsortiumId, command.InvoiceNumber.Trim(), invoiceDate, amount.Value, command.RateToBase,
            converted.Exact, converted.Amount, now);
        try
        {
            var priced = ProcurementPricing.Price(p, converted.Amount, invoiceDate, facts.Members);
            return Decision.Accept(invoiced,
                new ProcurementCostApportioned(p.Id, p.ConsortiumId, consortium.Calendar().YearOf(invoiceDate), invoiceDate,
                    p.Proposal.AgreementId, p.Proposal.AgreementVersion, p.Proposal.SharingTermName, p.Proposal.SharingTerm,
                    converted.Amount, priced.Lines, priced.Shortfall, now, p.Proposal.Title));
        }
        catch (CostSharingException e)
        {
            // The invoice is a fact: it is recorded, and the split the agreement cannot make waits for finance's decision.
            return Decision.Accept(invoiced, new ProcurementSplitPending(p.Id, p.ConsortiumId, invoiced.InvoiceNumber, converted.Amount,
                e.Violations.Select(x => new SplitConflict($"sharingTerm.{x.Field}", x.Message)).ToList(), now));
        }
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
