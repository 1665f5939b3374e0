using NodaTime;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Agreements;

/// <summary>
/// When a retroactive amendment may take effect: it amends an agreement (so not as version 1), on a date already reached
/// (today at the latest), and not before the latest version's first day (on that very day it replaces that version: the
/// later version wins a tie in <see cref="Agreement.InForceOn"/>).
/// </summary>
public static class AmendmentRules
{
    public static void CheckRetroactive(Validation v, Agreement? current, LocalDate? effectiveFrom, LocalDate today)
    {
        if (current is null)
        {
            v.Add("retroactive", "The first agreement amends nothing; adopt it without 'retroactive'.");
            return;
        }
        if (effectiveFrom is not { } from) return;
        if (from > today)
            v.Add("effectiveFrom", $"A retroactive amendment takes effect on a past date; today is {today:uuuu-MM-dd}.");
        if (from < current.Latest.EffectiveFrom)
            v.Add("effectiveFrom", $"Version {current.Latest.Version} is effective from {current.Latest.EffectiveFrom:uuuu-MM-dd}; an amendment cannot take effect before that.");
    }
}
