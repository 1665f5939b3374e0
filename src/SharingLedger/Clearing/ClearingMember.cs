using Marten;
using NodaTime;
using SharingLedger.Membership;

namespace SharingLedger.Clearing;

/// <summary>
/// What a month's clearing reads of a member: its id, code and membership dates. Read as these four fields picked out by
/// PostgreSQL, not the members' whole documents with their figures' history: for 2,000 members 8 ms against 11 ms in the same run
/// (the documents took up to 27 ms on slower days; docs/performance.md, "A month's members as four fields").
/// </summary>
public sealed record ClearingMember(Guid Id, string Code, LocalDate AdmittedOn, LocalDate? WithdrawnOn)
{
    public static ClearingMember Of(Member m) => new(m.Id, m.Code, m.AdmittedOn, m.WithdrawnOn);

    /// <summary>The consortium's members, external libraries included (they are parties to loans).</summary>
    public static async Task<IReadOnlyList<ClearingMember>> InAsync(IQuerySession session, Guid consortiumId, CancellationToken ct) =>
        await session.Query<Member>().Where(m => m.ConsortiumId == consortiumId)
            .Select(m => new ClearingMember(m.Id, m.Code, m.AdmittedOn, m.WithdrawnOn)).ToListAsync(ct);

    /// <summary>Admitted by the month's end and not withdrawn by its start.</summary>
    public bool ActiveIn(LocalDate start, LocalDate end) => AdmittedOn <= end && (WithdrawnOn is null || WithdrawnOn > start);
}
