using Marten;

namespace SharingLedger.Procurement;

/// <summary>The default where no collecting plan is wired in: nobody is known to collect or hold any subject.</summary>
public sealed class NoSubjectHoldings : ISubjectHoldings
{
    public Task<IReadOnlyList<SubjectHolder>> HoldersOfAsync(IQuerySession session, Guid consortiumId, string subject, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SubjectHolder>>([]);
}
