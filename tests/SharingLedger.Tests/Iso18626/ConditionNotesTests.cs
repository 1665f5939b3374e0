using System.Text;
using NodaTime;
using SharingLedger.Iso18626;
using SharingLedger.Loans;
using static SharingLedger.Tests.Iso18626.Iso18626Client;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// Conditional offers answered in the conventions ILL systems send in the note (ReShare's and Alma's, and this service's
/// own), mapped without a database onto the lifecycle's conditional, acceptCondition and declineCondition.
/// </summary>
public class ConditionNotesTests
{
    private const string A = "ISIL:US-AAA";
    private const string B = "ISIL:US-BBB";
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];
    private static readonly LocalDate Received = new(2026, 11, 27);

    private static Iso18626Parsed Parse(string xml) => Assert.IsType<Iso18626Parsed>(Iso18626Xml.Parse(Encoding.UTF8.GetBytes(xml), Iso18626Schema.Set));

    private static IsoStep Requester(string note)
    {
        var m = Parse(Requesting(B, A, "C1", "Notification", note: note));
        return Iso18626Mapping.Requester(m.Body, m.Header, Zone, Received);
    }

    [Theory]
    [InlineData("#ReShareLoanConditionAgreeResponse# fine by us", "AcceptCondition", "fine by us")] // ReShare
    [InlineData("ACCEPT", "AcceptCondition", null)] // Alma
    [InlineData("reject", "DeclineCondition", null)] // Alma, any case
    [InlineData("#ACCEPT# ok", "AcceptCondition", "ok")] // this service's own
    [InlineData("#DECLINE# too dear", "DeclineCondition", "too dear")]
    public void A_requesters_answer_in_its_systems_convention_is_read(string note, string action, string? rest)
    {
        var take = Assert.IsType<IsoStep.Take>(Requester(note));
        Assert.Equal((Enum.Parse<LoanAction>(action), rest), (take.Action, take.Input.Note));
    }

    [Fact]
    public void Any_other_notification_records_nothing()
    {
        Assert.IsType<IsoStep.Nothing>(Requester("Please hurry, ACCEPTANCE pending"));
    }

    [Theory]
    [InlineData("#ReShareAddLoanCondition# Library use only")] // ReShare
    [InlineData("Conditions pending \nPlease respond `ACCEPT` or `REJECT`")] // Alma
    public void A_suppliers_conditional_answer_without_a_cost_is_a_conditional_offer(string note)
    {
        var m = Parse(Supplying(B, A, "C1", "ExpectToSupply", reason: "RequestResponse", note: note));
        var take = Assert.IsType<IsoStep.Take>(Iso18626Mapping.Supplier(m.Body, m.Header, Zone, Received));
        Assert.Equal(LoanAction.Conditional, take.Action);
        Assert.Null(take.Input.OfferedCost);
    }
}
