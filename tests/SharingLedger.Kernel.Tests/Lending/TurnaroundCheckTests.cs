using NodaTime;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Kernel.Tests.Lending;

public class TurnaroundCheckTests
{
    // Requested Monday 2026-03-02; answer within 2 working days (due Wed 03-04), ship within 5 (due Mon 03-09).
    private static readonly LocalDate Monday = new(2026, 3, 2);
    private static readonly ServiceTimes Times = new(2, 5);
    private static LocalDate D(int day) => new(2026, 3, day);

    private static TurnaroundVerdict Judge(ServiceTimeline t, int asOfDay) => TurnaroundCheck.Judge(t, Times, WorkingDays.WeekdaysOnly, D(asOfDay));

    [Fact]
    public void Deadlines_count_working_days_from_the_request()
    {
        var v = Judge(new ServiceTimeline(Monday), 2);
        Assert.Equal((D(4), D(9)), (v.AnswerDeadline, v.ShipDeadline));
    }

    [Fact]
    public void An_answer_on_the_deadline_is_on_time_and_one_after_it_is_late()
    {
        Assert.False(Judge(new ServiceTimeline(Monday, Answered: D(4)), 20).AnswerLate);
        Assert.True(Judge(new ServiceTimeline(Monday, Answered: D(5)), 20).AnswerLate);
    }

    [Fact]
    public void A_missing_answer_is_late_only_once_the_deadline_has_passed()
    {
        Assert.False(Judge(new ServiceTimeline(Monday), 4).AnswerLate);
        Assert.True(Judge(new ServiceTimeline(Monday), 5).AnswerLate);
        // An answer after the as-of day is not known yet on it.
        Assert.True(Judge(new ServiceTimeline(Monday, Answered: D(6)), 5).AnswerLate);
        Assert.False(Judge(new ServiceTimeline(Monday, Answered: D(6)), 4).AnswerLate);
    }

    [Fact]
    public void A_request_withdrawn_by_the_deadline_owes_no_answer_and_no_shipment()
    {
        var v = Judge(new ServiceTimeline(Monday, Withdrawn: D(4)), 20);
        Assert.False(v.AnswerLate);
        Assert.False(v.ShipMeasured);
        Assert.False(v.ShipLate);
        // Withdrawn after the deadlines: the lender had already missed them.
        var late = Judge(new ServiceTimeline(Monday, Withdrawn: D(10)), 20);
        Assert.True(late.AnswerLate);
        Assert.True(late.ShipLate);
    }

    [Fact]
    public void A_shipment_after_its_deadline_is_late()
    {
        Assert.False(Judge(new ServiceTimeline(Monday, Answered: D(3), Shipped: D(9)), 20).ShipLate);
        var v = Judge(new ServiceTimeline(Monday, Answered: D(3), Shipped: D(10)), 20);
        Assert.True(v.ShipLate);
        Assert.False(v.AnswerLate);
        Assert.False(Judge(new ServiceTimeline(Monday, Answered: D(3)), 9).ShipLate);
        Assert.True(Judge(new ServiceTimeline(Monday, Answered: D(3)), 10).ShipLate);
    }

    [Fact]
    public void A_refusal_in_time_is_an_answer_and_leaves_nothing_to_ship()
    {
        var v = Judge(new ServiceTimeline(Monday, Answered: D(3), Refused: D(3)), 20);
        Assert.False(v.AnswerLate);
        Assert.False(v.ShipMeasured);
        // Refused only after the ship deadline: the shipment was already late.
        Assert.True(Judge(new ServiceTimeline(Monday, Answered: D(3), Refused: D(12)), 20).ShipLate);
    }

    [Fact]
    public void A_hold_or_condition_exempts_the_shipment_but_not_the_answer()
    {
        var v = Judge(new ServiceTimeline(Monday, Answered: D(6), ShipExempt: true), 30);
        Assert.True(v.AnswerLate);
        Assert.False(v.ShipMeasured);
        Assert.False(v.ShipLate);
    }

    [Fact]
    public void Holidays_move_the_deadlines()
    {
        var days = new WorkingDays([D(3), D(4)]);
        var v = TurnaroundCheck.Judge(new ServiceTimeline(Monday, Answered: D(6)), Times, days, D(20));
        Assert.Equal(D(6), v.AnswerDeadline);
        Assert.False(v.AnswerLate);
        Assert.Equal(D(11), v.ShipDeadline);
    }
}
