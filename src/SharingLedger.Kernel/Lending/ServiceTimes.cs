namespace SharingLedger.Kernel.Lending;

/// <summary>The agreed service times of a lender: answer a request within <paramref name="AnswerWithinDays"/> working days of it, ship within <paramref name="ShipWithinDays"/>.</summary>
public sealed record ServiceTimes(int AnswerWithinDays, int ShipWithinDays);
