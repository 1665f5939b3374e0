using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Money;

public class ValuationTests
{
    [Theory]
    [InlineData("2.5", 3333, 8333)]   // 83.325 rounds half away from zero to 83.33
    [InlineData("2.4", 3333, 7999)]   // 79.992 -> 79.99
    [InlineData("12", 4500, 54000)]   // whole units: no rounding
    [InlineData("0.01", 49, 0)]       // 0.0049 -> 0.00
    [InlineData("-1.5", 333, -500)]   // -4.995 -> -5.00 (away from zero)
    public void A_quantity_times_a_rate_is_rounded_once_half_away_from_zero(string quantity, long rateMinor, long expectedMinor)
    {
        var value = Valuation.Value(decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture), new M(rateMinor, "USD"));
        Assert.Equal(new M(expectedMinor, "USD"), value);
    }

    [Fact]
    public void A_currency_without_minor_units_rounds_to_whole_units()
    {
        Assert.Equal(new M(1502, "JPY"), Valuation.Value(1.5m, new M(1001, "JPY"))); // 1.5 x 1001 = 1501.5 -> 1502
    }
}
