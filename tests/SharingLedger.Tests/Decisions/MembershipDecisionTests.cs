using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>
/// Admitting, changing, identifying and withdrawing members, without a database: given the member's events (and the facts
/// read for the command), when a command, then the event or the refusal. The consortium is multi-level and keeps USD.
/// </summary>
public class MembershipDecisionTests
{
    private static readonly Guid C = Guid.Parse("2c000000-0000-4000-8000-000000000001");
    private static readonly Guid M = Guid.Parse("2c000000-0000-4000-8000-000000000002");
    private static readonly Guid Hub = Guid.Parse("2c000000-0000-4000-8000-000000000003");
    private static readonly Instant Now = Instant.FromUtc(2026, 5, 4, 10, 0);
    private static readonly LocalDate Joined = new(2026, 1, 1);

    private static readonly Consortium Consortium = new()
    {
        Id = C, Name = "North", BaseCurrency = "USD", FiscalYearStartMonth = 1, TimeZone = "UTC", OrganisationModel = OrganisationModel.MultiLevel,
    };

    /// <summary>A member as its stream leaves it: admitted on 2026-01-01, then the events given; at the version Marten counts.</summary>
    private static Member Given(Guid id, string code, params object[] later)
    {
        var member = Member.Create(new MemberAdmitted(id, C, code, code + " Library", MemberKind.Public, 10m, 5000, Money.Parse("1000.00", "USD"), null, Joined, Now));
        foreach (var e in later)
        {
            if (e is MemberWithdrawn w) member.Apply(w);
            else if (e is MemberIdentifiersSet s) member.Apply(s);
            else if (e is MemberDetailsChanged d) member.Apply(d);
        }
        member.Version = 1 + later.Length;
        return member;
    }

    private static AdmitMember Admission(string code = "LIB1", MemberKind? kind = MemberKind.Academic, Guid? hub = null) =>
        new(code, "Library One", kind, 120.5m, 30000, new MoneyInput("2500.00", "USD"), hub, Joined);

    [Fact]
    public void Admitting_records_the_member_with_its_figures_and_hub()
    {
        var hub = Given(Hub, "HUB");

        var e = Accepted<MemberAdmitted>(MembershipDecisions.Admit(Admission(" LIB1 ", hub: Hub), Consortium, new AdmissionFacts(hub, false), M, Now));

        Assert.Equal(new MemberAdmitted(M, C, "LIB1", "Library One", MemberKind.Academic, 120.5m, 30000, new Money(250000, "USD"), Hub, Joined, Now), e);
    }

    [Fact]
    public void A_taken_code_is_a_conflict_and_a_missing_kind_or_a_withdrawn_hub_a_rule_violation()
    {
        Assert.Equal("The consortium already has a member with code 'LIB1'.",
            Conflict(MembershipDecisions.Admit(Admission(), Consortium, new AdmissionFacts(null, CodeTaken: true), M, Now)));

        var withdrawnHub = Given(Hub, "HUB", new MemberWithdrawn(Hub, C, new LocalDate(2026, 3, 1), "merged", Now));
        var errors = Invalid(MembershipDecisions.Admit(Admission(kind: null, hub: Hub), Consortium, new AdmissionFacts(withdrawnHub, false), M, Now));
        Assert.Equal(["hubId", "kind"], errors.Keys.Order());
        Assert.Equal($"{Hub} is not an active member of this consortium.", errors["hubId"]);
    }

    [Fact]
    public void Changing_details_records_only_what_changes_from_the_date()
    {
        var member = Given(M, "LIB1");
        var command = new ChangeMemberDetails(new LocalDate(2026, 7, 1), null, null, 130m, null, null, null, null, ExpectedVersion: 1);

        var e = Accepted<MemberDetailsChanged>(MembershipDecisions.ChangeDetails(member, command, Consortium, null, Now));

        Assert.Equal(new MemberDetailsChanged(M, C, new LocalDate(2026, 7, 1), null, null, 130m, null, null, null, false, Now), e);
    }

    [Fact]
    public void A_stale_version_is_a_conflict_and_a_change_before_admission_a_rule_violation()
    {
        var member = Given(M, "LIB1", new MemberIdentifiersSet(M, C, ["x"], [], Now)); // version 2

        Assert.Equal("The member is at version 2, not 1; reload and try again.", Conflict(MembershipDecisions.ChangeDetails(member,
            new ChangeMemberDetails(new LocalDate(2026, 7, 1), null, null, 130m, null, null, null, null, ExpectedVersion: 1), Consortium, null, Now)));

        var errors = Invalid(MembershipDecisions.ChangeDetails(member,
            new ChangeMemberDetails(new LocalDate(2025, 12, 31), null, null, 130m, null, null, null, null, null), Consortium, null, Now));
        Assert.Equal("The member was admitted on 2026-01-01; a change cannot take effect before that.", errors["effectiveFrom"]);
    }

    [Fact]
    public void Identifiers_given_replace_the_members_cleaned_and_a_list_left_out_stays()
    {
        var member = Given(M, "LIB1", new MemberIdentifiersSet(M, C, ["old"], ["ILL-OLD"], Now));

        var e = Accepted<MemberIdentifiersSet>(MembershipDecisions.SetIdentifiers(member,
            new SetMemberIdentifiers([" inst:1 ", "INST:1", "", "inst:2"], null), [], Now));

        Assert.Equal(["inst:1", "inst:2"], e.CounterInstitutionIds);
        Assert.Equal(["ILL-OLD"], e.IllAgencyIds);
    }

    [Fact]
    public void An_identifier_of_another_member_is_a_conflict_and_no_list_a_rule_violation()
    {
        var member = Given(M, "LIB1");
        var other = Given(Hub, "HUB", new MemberIdentifiersSet(Hub, C, [], ["ILL-9"], Now));

        Assert.Equal("An identifier given already belongs to member HUB.",
            Conflict(MembershipDecisions.SetIdentifiers(member, new SetMemberIdentifiers(null, ["ill-9"]), [other], Now)));
        Assert.Equal(["counterInstitutionIds", "illAgencyIds"],
            Invalid(MembershipDecisions.SetIdentifiers(member, new SetMemberIdentifiers(null, null), [other], Now)).Keys.Order());
    }

    [Fact]
    public void Withdrawing_records_the_date_and_the_trimmed_reason()
    {
        var e = Accepted<MemberWithdrawn>(MembershipDecisions.Withdraw(Given(M, "LIB1"), new WithdrawMember(new LocalDate(2026, 6, 30), " closing "), Now));

        Assert.Equal(new MemberWithdrawn(M, C, new LocalDate(2026, 6, 30), "closing", Now), e);
    }

    [Fact]
    public void A_second_withdrawal_is_a_conflict_and_one_on_the_day_of_admission_a_rule_violation()
    {
        var withdrawn = Given(M, "LIB1", new MemberWithdrawn(M, C, new LocalDate(2026, 3, 1), "merged", Now));
        Assert.Equal("Member LIB1 already withdrew with effect from 2026-03-01.",
            Conflict(MembershipDecisions.Withdraw(withdrawn, new WithdrawMember(new LocalDate(2026, 6, 30), "again"), Now)));

        var errors = Invalid(MembershipDecisions.Withdraw(Given(M, "LIB1"), new WithdrawMember(Joined, "too soon"), Now));
        Assert.Equal(["effectiveFrom"], errors.Keys);
    }
}
