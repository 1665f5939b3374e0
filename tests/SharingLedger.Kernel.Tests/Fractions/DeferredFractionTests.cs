using System.Numerics;
using SharingLedger.Kernel.Arithmetic;

namespace SharingLedger.Kernel.Tests.Fractions;

public class DeferredFractionTests
{
    [Fact]
    public void A_deferred_fraction_reads_in_lowest_terms_and_equals_the_reduced_one()
    {
        var deferred = Fraction.Deferred(new BigInteger(-6), new BigInteger(-8));
        Assert.Equal(new BigInteger(3), deferred.Numerator);
        Assert.Equal(new BigInteger(4), deferred.Denominator);
        Assert.Equal(new Fraction(3, 4), deferred);
        Assert.Equal(new Fraction(3, 4).GetHashCode(), deferred.GetHashCode());
        Assert.Equal("3/4", deferred.ToString());
        Assert.Equal(1, deferred.Sign);
    }

    [Fact]
    public void Arithmetic_and_comparison_on_deferred_fractions_match_reduced_ones()
    {
        var a = Fraction.Deferred(10, 4);
        var b = Fraction.Deferred(-9, 6);
        Assert.Equal(new Fraction(1), a + b);
        Assert.Equal(new Fraction(-15, 4), a * b);
        Assert.True(a > b);
        Assert.Equal(new BigInteger(2), a.Floor());
        Assert.True(Fraction.Deferred(0, 7).IsZero);
        Assert.Equal(Fraction.Zero, Fraction.Deferred(0, 7));
    }
}
