using SharingLedger.Membership;

namespace SharingLedger.Demo;

/// <summary>A dozen member libraries of a regional alliance, with plausible figures (FTE, population served, materials budget in CNY).</summary>
public static class DemoLibraries
{
    public sealed record Library(string Code, string Name, MemberKind Kind, decimal Fte, long Population, string Budget, string? Hub);

    public const string ConsortiumName = "Pearl River Delta Library Alliance (demo)";

    public static readonly Library[] All =
    [
        new("GZPL", "Guangzhou Public Library", MemberKind.Public, 0, 18_800_000, "42000000.00", null),
        new("SZL", "Shenzhen Library", MemberKind.Public, 0, 17_600_000, "38500000.00", null),
        new("SYSU", "Sun Yat-sen University Library", MemberKind.Academic, 62_000, 0, "31000000.00", "GZPL"),
        new("SCUT", "South China University of Technology Library", MemberKind.Academic, 48_500, 0, "22000000.00", "GZPL"),
        new("JNU", "Jinan University Library", MemberKind.Academic, 41_000, 0, "16500000.00", "GZPL"),
        new("SZU", "Shenzhen University Library", MemberKind.Academic, 39_000, 0, "14800000.00", "SZL"),
        new("FSL", "Foshan Library", MemberKind.Public, 0, 9_600_000, "12500000.00", "GZPL"),
        new("DGL", "Dongguan Library", MemberKind.Public, 0, 10_500_000, "11800000.00", "SZL"),
        new("ZHL", "Zhuhai Library", MemberKind.Public, 0, 2_500_000, "4200000.00", "SZL"),
        new("GDPU", "Guangdong Pharmaceutical University Library", MemberKind.Special, 18_000, 0, "3900000.00", "GZPL"),
        new("SZMS", "Shenzhen Middle School Library", MemberKind.School, 4_200, 0, "650000.00", "SZL"),
        new("GAC", "GAC Group Technical Information Centre", MemberKind.Enterprise, 2_600, 0, "1200000.00", "GZPL"),
    ];
}
