namespace SharingLedger.Kernel.Clearing;

/// <summary>Answers whether two members share a reciprocal group (and so lend to each other free).</summary>
internal sealed class ReciprocalGroups
{
    // One lookup per terms instance: a caller that prices many charges under the same terms (a history import) builds it once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClearingTerms, ReciprocalGroups> ByTerms = new();

    private readonly Dictionary<string, HashSet<int>> _groupsOf = new(StringComparer.Ordinal);

    /// <summary>The groups of <paramref name="terms"/>, built at the first call for that instance (terms are immutable records).</summary>
    public static ReciprocalGroups Of(ClearingTerms terms) => ByTerms.GetValue(terms, t => new ReciprocalGroups(t.ReciprocalGroups));

    public ReciprocalGroups(IReadOnlyList<IReadOnlyList<string>>? groups)
    {
        for (var g = 0; g < (groups?.Count ?? 0); g++)
        {
            foreach (var member in groups![g])
            {
                if (!_groupsOf.TryGetValue(member, out var set)) _groupsOf[member] = set = [];
                set.Add(g);
            }
        }
    }

    public bool AreReciprocal(string a, string b) =>
        _groupsOf.TryGetValue(a, out var ga) && _groupsOf.TryGetValue(b, out var gb) && ga.Overlaps(gb);
}
