namespace SharingLedger.Iso18626;

/// <summary>
/// ISO 18626 has no element for a conditional offer's answer, so ILL systems put it in the note. The intake reads the
/// conventions members' systems send, whichever system a member runs (none conflicts with another):
/// <list type="bullet">
/// <item>this service's own: <c>#ACCEPT#</c> / <c>#REJECT#</c> (or <c>#DECLINE#</c>) at the start of the note;</item>
/// <item>ReShare: the requester accepts with <c>#ReShareLoanConditionAgreeResponse#</c> at the start of the note (it
/// rejects by sending Cancel); the supplier marks conditions with <c>#ReShareAddLoanCondition#</c> or
/// <c>#ReShareSupplierAwaitingConditionConfirmation#</c>;</item>
/// <item>Alma: the requester's whole note is <c>ACCEPT</c> or <c>REJECT</c>; the supplier's note says
/// "Conditions pending".</item>
/// </list>
/// </summary>
public static class ConditionNotes
{
    private static readonly string[] AcceptPrefixes = ["#ACCEPT#", "#ReShareLoanConditionAgreeResponse#"];
    private static readonly string[] RejectPrefixes = ["#REJECT#", "#DECLINE#"];
    private static readonly string[] SupplierMarkers = ["#ReShareAddLoanCondition#", "#ReShareSupplierAwaitingConditionConfirmation#", "Conditions pending"];

    /// <summary>The requester's answer in a Notification's note: true accept, false reject, null neither; <paramref name="rest"/> is the note without the marker.</summary>
    public static bool? Answer(string? note, out string? rest)
    {
        rest = note;
        if (note is null) return null;
        var trimmed = note.Trim();
        if (trimmed.Equals("ACCEPT", StringComparison.OrdinalIgnoreCase)) { rest = null; return true; }
        if (trimmed.Equals("REJECT", StringComparison.OrdinalIgnoreCase)) { rest = null; return false; }
        foreach (var (prefixes, answer) in new[] { (AcceptPrefixes, true), (RejectPrefixes, false) })
            foreach (var prefix in prefixes)
                if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    rest = trimmed[prefix.Length..];
                    return answer;
                }
        return null;
    }

    /// <summary>Whether a supplier's note marks its answer as conditional.</summary>
    public static bool IsConditional(string? note) =>
        note is not null && SupplierMarkers.Any(m => note.Contains(m, StringComparison.OrdinalIgnoreCase));
}
