namespace SharingLedger.Kernel.Clearing;

/// <summary>Answers whether two members share a reciprocal group (and so lend to each other free).</summary>
internal sealed class ReciprocalGroups
{
    private readonly Dictionary<string, HashSet<int>> _groupsOf = new(StringComparer.Ordinal);

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
