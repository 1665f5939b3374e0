using SharingLedger.Infrastructure;

namespace SharingLedger.Tests.Decisions;

/// <summary>Reads a decision's outcome in a test: the one event accepted, the fields refused, or the conflict's text.</summary>
internal static class DecisionAssert
{
    public static T Accepted<T>(Decision decision) =>
        Assert.IsType<T>(Assert.Single(Assert.IsType<Decision.Accepted>(decision).Events));

    public static Dictionary<string, string> Invalid(Decision decision) =>
        Assert.IsType<Decision.Invalid>(decision).Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));

    public static string Conflict(Decision decision) => Assert.IsType<Decision.Conflict>(decision).Detail;
}
