namespace SharingLedger.Kernel.CostSharing;

/// <summary>
/// One band of a banded rule. A member falls in the band with the highest <see cref="From"/> not above
/// its attribute value. A band carries either a weight or a price per member (major units of the
/// cost's currency), never both; all bands of a rule carry the same kind.
/// </summary>
/// <param name="From">Lower bound of the band, inclusive.</param>
/// <param name="Weight">Relative weight of each member in the band.</param>
/// <param name="Price">Price per member in the band; shares are scaled so that they add up to the cost.</param>
/// <param name="Name">Optional label for explanations, e.g. "Tier 2".</param>
public sealed record CostBand(decimal From, decimal? Weight = null, decimal? Price = null, string? Name = null)
{
    public static CostBand Weighted(decimal from, decimal weight, string? name = null) => new(from, weight, null, name);
    public static CostBand Priced(decimal from, decimal price, string? name = null) => new(from, null, price, name);

    /// <summary>The figure that weighs a member of this band: its weight, or else its price.</summary>
    public decimal Basis => Weight ?? Price ?? 0m;
}
