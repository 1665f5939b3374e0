namespace SharingLedger.Kernel.CostSharing;

/// <summary>A rule that cannot be applied as given, naming the field at fault.</summary>
public sealed record RuleViolation(string Field, string Message);

/// <summary>Raised when a cost cannot be shared as asked; carries every violation found.</summary>
public sealed class CostSharingException(IReadOnlyList<RuleViolation> violations)
    : InvalidOperationException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Message}")))
{
    public IReadOnlyList<RuleViolation> Violations { get; } = violations;
}
