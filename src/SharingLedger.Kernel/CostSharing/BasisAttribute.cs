namespace SharingLedger.Kernel.CostSharing;

/// <summary>A member figure a cost formula can use.</summary>
public enum BasisAttribute
{
    /// <summary>Full-time-equivalent students or staff.</summary>
    Fte,
    /// <summary>Population served.</summary>
    Population,
    /// <summary>Materials budget, in major units of the consortium's base currency.</summary>
    Budget,
    /// <summary>Usage counts for the resource being paid for (e.g. COUNTER Total_Item_Requests).</summary>
    Usage,
}
