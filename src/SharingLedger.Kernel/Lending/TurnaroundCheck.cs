using NodaTime;

namespace SharingLedger.Kernel.Lending;

/// <summary>How one request fared against the service times: its deadlines and whether the lender missed them, as of a day.</summary>
public sealed record TurnaroundVerdict(LocalDate AnswerDeadline, LocalDate ShipDeadline, bool AnswerLate, bool ShipLate, bool ShipMeasured);

/// <summary>
/// The breach rules. Deadlines count working days from the request day. As of a day:
/// <list type="bullet">
/// <item>an answer is late when it came after its deadline, or when none had come by a deadline that has passed while the
/// request was still open (a request the borrower withdrew on or before the deadline owes no answer);</item>
/// <item>a shipment is measured unless the request is exempt, the lender refused it on or before the ship deadline, or the
/// borrower withdrew it on or before that deadline; it is late when it came after the deadline, or when none had come
/// by a deadline that has passed (a refusal after the ship deadline does not excuse it).</item>
/// </list>
/// A deadline on the as-of day itself has not passed yet.
/// </summary>
public static class TurnaroundCheck
{
    public static TurnaroundVerdict Judge(ServiceTimeline t, ServiceTimes times, WorkingDays days, LocalDate asOf)
    {
        var answerBy = days.After(t.Requested, times.AnswerWithinDays);
        var shipBy = days.After(t.Requested, times.ShipWithinDays);

        var answerLate = Late(t.Answered, answerBy, asOf, excusedOn: t.Withdrawn);
        var shipMeasured = !t.ShipExempt && !OnOrBefore(t.Refused, shipBy, asOf) && !OnOrBefore(t.Withdrawn, shipBy, asOf);
        var shipLate = shipMeasured && Late(t.Shipped, shipBy, asOf, excusedOn: null);
        return new TurnaroundVerdict(answerBy, shipBy, answerLate, shipLate, shipMeasured);
    }

    private static bool Late(LocalDate? done, LocalDate deadline, LocalDate asOf, LocalDate? excusedOn)
    {
        if (done is { } d && d <= asOf) return d > deadline;
        if (excusedOn is { } e && e <= deadline && e <= asOf) return false;
        return asOf > deadline;
    }

    private static bool OnOrBefore(LocalDate? day, LocalDate deadline, LocalDate asOf) => day is { } d && d <= deadline && d <= asOf;
}
