using SharingLedger.Kernel.Money;
using M = SharingLedger.Kernel.Money.Money;

namespace SharingLedger.Kernel.Tests.Money;

public class MoneyTests
{
    /// <summary>
    /// Amounts read from thousands of documents keep one string per currency, not one each (a node keeps hundreds of thousands of
    /// them), and equality is by value as before.
    /// </summary>
    [Fact]
    public void Every_amount_of_a_currency_keeps_the_same_string()
    {
        var (one, two) = (new string("CNY".ToCharArray()), string.Concat("C", "NY".ToLowerInvariant().ToUpperInvariant()));
        Assert.NotSame(one, two); // two strings, as two documents read give them
        var (read, other) = (new M(1, one), new M(2, two));
        Assert.Same(read.Currency, other.Currency);
        Assert.Same(read.Currency, M.Parse("3.00", new string("CNY".ToCharArray())).Currency);
        Assert.Equal(new M(1, "CNY"), read);
        Assert.Throws<ArgumentException>(() => new M(1, "cny"));
    }

    [Fact]
    public void Adding_amounts_of_different_currencies_is_refused()
    {
        var ex = Assert.Throws<CurrencyMismatchException>(() => new M(100, "USD") + new M(100, "EUR"));
        Assert.Equal("USD", ex.Left);
        Assert.Equal("EUR", ex.Right);
        Assert.Throws<CurrencyMismatchException>(() => new M(100, "USD") < new M(100, "CNY"));
    }

    [Theory]
    [InlineData("27000.00", "CNY", 2700000)]
    [InlineData("0.05", "USD", 5)]
    [InlineData("-12.3", "EUR", -1230)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1.234", "KWD", 1234)]
    public void Parses_major_units_into_minor_units(string amount, string currency, long minor)
    {
        Assert.Equal(new M(minor, currency), M.Parse(amount, currency));
    }

    [Theory]
    [InlineData("0.001", "USD")]
    [InlineData("1.5", "JPY")]
    [InlineData("abc", "USD")]
    [InlineData("1.00", "XXX")]
    [InlineData("99999999999999999999.00", "USD")]
    public void Refuses_amounts_that_are_not_exact_in_the_currency(string amount, string currency)
    {
        Assert.False(M.TryParse(amount, currency, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData(2700000, "CNY", "27000.00")]
    [InlineData(-5, "USD", "-0.05")]
    [InlineData(0, "USD", "0.00")]
    [InlineData(1500, "JPY", "1500")]
    public void Renders_as_an_invariant_decimal_string(long minor, string currency, string expected)
    {
        Assert.Equal(expected, new M(minor, currency).ToDecimalString());
    }

    [Fact]
    public void Unknown_currency_codes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new M(1, "usd"));
        Assert.Throws<ArgumentException>(() => new M(1, "ABC"));
    }

    [Fact]
    public void Sum_of_nothing_is_zero_in_the_given_currency()
    {
        Assert.Equal(M.Zero("GBP"), M.Sum([], "GBP"));
        Assert.Equal(new M(7, "GBP"), M.Sum([new M(3, "GBP"), new M(4, "GBP")], "GBP"));
    }
}
