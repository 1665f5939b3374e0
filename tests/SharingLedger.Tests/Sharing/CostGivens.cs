using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;

namespace SharingLedger.Tests.Sharing;

/// <summary>
/// The world the cost decisions are tested in, without a database: a consortium keeping its books in USD with a calendar
/// fiscal year, three members admitted on 2025-01-01 (A, B, C) and one admitted on 2026-03-01 (D), and an agreement in
/// force from 2025-01-01 with dues of 300.00 split equally and the sharing terms "equal" and "by-usage".
/// </summary>
public static class CostGivens
{
    public static readonly Guid ConsortiumId = Guid.Parse("c0575000-0000-4000-8000-000000000001");
    public static readonly Guid A = Guid.Parse("c0575000-0000-4000-8000-00000000000a");
    public static readonly Guid B = Guid.Parse("c0575000-0000-4000-8000-00000000000b");
    public static readonly Guid C = Guid.Parse("c0575000-0000-4000-8000-00000000000c");
    public static readonly Guid D = Guid.Parse("c0575000-0000-4000-8000-00000000000d");
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 15, 12, 0);
    public static readonly LocalDate Today = new(2026, 6, 15);

    public static Money Usd(string amount) => Money.Parse(amount, "USD");

    public static Consortium Consortium() => new()
    {
        Id = ConsortiumId, Name = "Test", BaseCurrency = "USD", FiscalYearStartMonth = 1, TimeZone = "UTC",
    };

    public static Member Member(Guid id, string code, LocalDate admittedOn) => SharingLedger.Membership.Member.Create(
        new MemberAdmitted(id, ConsortiumId, code, $"Library {code}", MemberKind.Academic, 100m, 1000, Usd("50000.00"), null, admittedOn, Now));

    /// <summary>A, B and C since 2025-01-01; D since 2026-03-01.</summary>
    public static Dictionary<Guid, Member> Members() => new[]
    {
        Member(A, "A", new LocalDate(2025, 1, 1)), Member(B, "B", new LocalDate(2025, 1, 1)),
        Member(C, "C", new LocalDate(2025, 1, 1)), Member(D, "D", new LocalDate(2026, 3, 1)),
    }.ToDictionary(m => m.Id);

    public static Agreement Agreement() => SharingLedger.Agreements.Agreement.Create(new AgreementAdopted(
        StreamIds.Agreement(ConsortiumId), ConsortiumId, 1, new LocalDate(2025, 1, 1), [A, B, C],
        new DuesTerm(Usd("300.00"), CostSharingRule.Equal()), Now,
        new Dictionary<string, SharingTerm>
        {
            ["equal"] = new(CostSharingRule.Equal()),
            ["by-usage"] = new(CostSharingRule.ProportionalTo(BasisAttribute.Usage)),
        }));

    public static object Single(SharingLedger.Infrastructure.Decision decision) =>
        Assert.Single(Assert.IsType<SharingLedger.Infrastructure.Decision.Accepted>(decision).Events);

    public static IReadOnlyList<object> Accepted(SharingLedger.Infrastructure.Decision decision) =>
        Assert.IsType<SharingLedger.Infrastructure.Decision.Accepted>(decision).Events;

    /// <summary>The fields a 422 names, with their messages.</summary>
    public static Dictionary<string, string> Refused(SharingLedger.Infrastructure.Decision decision) =>
        Assert.IsType<SharingLedger.Infrastructure.Decision.Invalid>(decision).Errors
            .GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.First().Message);

    public static string Conflict(SharingLedger.Infrastructure.Decision decision) =>
        Assert.IsType<SharingLedger.Infrastructure.Decision.Conflict>(decision).Detail;
}
