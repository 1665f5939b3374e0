using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Agreements;

/// <summary>Checks the lending duties and rights of the agreement's lending terms: target ratio, minimum supplies, service times, free pages per year.</summary>
public static class LendingDutiesValidation
{
    public const int MaxDays = 3650;

    public static void Check(Validation v, LendingFees fees, string at)
    {
        if (fees.TargetRatio is { } ratio)
        {
            v.Require(ratio.Supplied is >= 1 and <= 1000, $"{at}.targetRatio.supplied", "Required: a whole number from 1 to 1000 (loans supplied in the ratio).");
            v.Require(ratio.Borrowed is >= 1 and <= 1000, $"{at}.targetRatio.borrowed", "Required: a whole number from 1 to 1000 (loans borrowed in the ratio).");
        }
        if (fees.MinimumSupplies is { } minimum)
        {
            v.Require(minimum.Supplies is >= 1 and <= 1_000_000, $"{at}.minimumSupplies.supplies", "Required: from 1 to 1000000 supplies.");
            v.Require(minimum.WindowDays is >= 1 and <= MaxDays, $"{at}.minimumSupplies.windowDays", $"Required: a window from 1 to {MaxDays} days.");
        }
        if (fees.ServiceTimes is { } times) CheckServiceTimes(v, times, $"{at}.serviceTimes");
        v.Require(fees.FreePagesPerYear is null or (>= 0 and <= 10_000_000), $"{at}.freePagesPerYear", "Must be from 0 to 10000000 pages.");
    }

    private static void CheckServiceTimes(Validation v, ServiceTimeTerms times, string at)
    {
        var rows = times.Levels ?? [];
        if (rows.Count == 0) v.Add($"{at}.levels", "Required: at least one row (a row without a service level covers every level).");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var field = $"{at}.levels[{i}]";
            if (row is null) { v.Add(field, "Required."); continue; }
            v.Require(row.AnswerWithinDays is >= 0 and <= MaxDays, $"{field}.answerWithinDays", $"Required: from 0 to {MaxDays} working days.");
            v.Require(row.ShipWithinDays is >= 0 and <= MaxDays, $"{field}.shipWithinDays", $"Required: from 0 to {MaxDays} working days.");
            if (row.AnswerWithinDays is { } answer && row.ShipWithinDays is { } ship && ship < answer)
                v.Add($"{field}.shipWithinDays", "Cannot be shorter than the time to answer.");
            if (rows.Take(i).Any(x => x is not null && x.ServiceLevel == row.ServiceLevel))
                v.Add($"{field}.serviceLevel", row.ServiceLevel is null ? "Only one row may leave out the service level." : "The same service level has two rows.");
        }
        var holidays = times.Holidays ?? [];
        v.Require(holidays.Count <= 1000, $"{at}.holidays", "At most 1000 holidays.");
        if (holidays.Distinct().Count() != holidays.Count) v.Add($"{at}.holidays", "A holiday is listed twice.");
    }
}
