namespace SharingLedger.Kernel.Money;

/// <summary>Raised when arithmetic would silently mix two currencies.</summary>
public sealed class CurrencyMismatchException(string left, string right)
    : InvalidOperationException($"Cannot combine amounts in {left} and {right}; convert one at a recorded rate first.")
{
    public string Left { get; } = left;
    public string Right { get; } = right;
}
