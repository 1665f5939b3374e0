using Marten;

namespace SharingLedger.Procurement;

/// <summary>
/// A member that already has a procurement's subject: <paramref name="CollectsNow"/> when an active collecting
/// assignment covers it, otherwise it holds what it bought under an earlier assignment. <paramref name="Detail"/>
/// says which assignments.
/// </summary>
public sealed record SubjectHolder(Guid MemberId, string MemberCode, string Subject, bool CollectsNow, string Detail);

/// <summary>
/// Extension point for the duplicate-buying warning: which members already collect or hold a subject. A
/// procurement shows them as <c>alreadyCollectedBy</c> / <c>alreadyHeldBy</c> when it is proposed and whenever
/// it is read; the warning is worked out on each request, never recorded. Registered in <c>ProcurementSetup</c>.
/// </summary>
public interface ISubjectHoldings
{
    Task<IReadOnlyList<SubjectHolder>> HoldersOfAsync(IQuerySession session, Guid consortiumId, string subject, CancellationToken ct);
}
