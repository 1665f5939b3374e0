using NodaTime;
using SharingLedger.Audit;
using SharingLedger.Consortia;
using static SharingLedger.Tests.Decisions.DecisionAssert;

namespace SharingLedger.Tests.Decisions;

/// <summary>Closing and reopening monthly periods, without a database: given the periods' events, when a closing or reopening, then the event or the refusal.</summary>
public class PeriodDecisionTests
{
    private static readonly Guid C = Guid.Parse("5c000000-0000-4000-8000-000000000001");
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 3, 9, 0);
    private static readonly LocalDate Today = new(2026, 11, 3);
    private static readonly Consortium Consortium = new() { Id = C, BaseCurrency = "USD", FiscalYearStartMonth = 7, TimeZone = "UTC" };
    private static readonly ClosingFacts Head = new(new ChainDigest(41, "ab12"), 42);
    private static readonly YearMonth October = new(2026, 10);

    private static FiscalPeriods ClosedOctober() =>
        FiscalPeriods.Create(new PeriodClosed(C, "2026-10", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), 2026, null, 7, "auditor", Now));

    [Fact]
    public void A_month_that_is_over_closes_with_the_chains_head_as_its_digest_in_its_fiscal_year()
    {
        var e = Accepted<PeriodClosed>(PeriodDecisions.Close(null, October, Consortium, Head, Today, "auditor-key", Now));

        // A July fiscal year: October 2026 is in fiscal year 2026.
        Assert.Equal(new PeriodClosed(C, "2026-10", new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31), 2026, new ChainDigest(41, "ab12"), 42,
            "auditor-key", Now), e);
    }

    [Fact]
    public void A_closed_month_cannot_close_again_and_the_current_month_not_yet()
    {
        Assert.Equal("The period 2026-10 is already closed.", Conflict(PeriodDecisions.Close(ClosedOctober(), October, Consortium, Head, Today, "a", Now)));
        Assert.Equal(["period"], Invalid(PeriodDecisions.Close(null, new YearMonth(2026, 11), Consortium, Head, Today, "a", Now)).Keys);
    }

    [Fact]
    public void A_closed_month_reopens_with_its_reason()
    {
        var e = Accepted<PeriodReopened>(PeriodDecisions.Reopen(ClosedOctober(), October, C, new ReopenPeriod(" late invoice "), "auditor-key", Now));

        Assert.Equal(new PeriodReopened(C, "2026-10", "late invoice", "auditor-key", Now), e);
    }

    [Fact]
    public void An_open_month_cannot_reopen_and_a_reopening_needs_a_reason()
    {
        Assert.Equal("The period 2026-10 is open; only a closed period can be reopened.",
            Conflict(PeriodDecisions.Reopen(null, October, C, new ReopenPeriod("why"), "a", Now)));
        Assert.Equal(["reason"], Invalid(PeriodDecisions.Reopen(ClosedOctober(), October, C, new ReopenPeriod(" "), "a", Now)).Keys);
    }
}
