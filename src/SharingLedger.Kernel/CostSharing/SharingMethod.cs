namespace SharingLedger.Kernel.CostSharing;

/// <summary>How a cost is split among members (domain brief, section 3).</summary>
public enum SharingMethod
{
    /// <summary>s_i = C / n.</summary>
    Equal,
    /// <summary>s_i = C · x_i / Σx for one attribute.</summary>
    Proportional,
    /// <summary>s_i = α·C/n + (1−α)·C·Σ_k w_k·x_ik/Σ_j x_jk.</summary>
    Weighted,
    /// <summary>Agreed percentages that add up to 100.</summary>
    Fixed,
    /// <summary>
    /// Members fall into bands by an attribute; s_i = C · b_i / Σ_j b_j where b is the weight or the price
    /// of the member's band (so with prices, each member pays its band's price when C is their sum).
    /// </summary>
    Banded,
}
