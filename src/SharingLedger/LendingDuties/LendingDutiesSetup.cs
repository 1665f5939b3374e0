namespace SharingLedger.LendingDuties;

/// <summary>What the LendingDuties slice registers: the clearing positions and lending figures in a member's obligations.</summary>
public static class LendingDutiesSetup
{
    public static IServiceCollection AddLendingDuties(this IServiceCollection services) =>
        services.AddSingleton<Obligations.IObligationSource, LendingObligations>();
}
