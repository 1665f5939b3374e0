using JasperFx.Events;
using Marten;
using SharingLedger.Infrastructure.Answers;

namespace SharingLedger.Access;

/// <summary>Issuing, rotating or revoking an API key changes no member's stored answer (who may read one is checked before it is read).</summary>
public sealed class ApiKeyAnswerScope : IAnswerScope
{
    public bool Claims(IEvent e) => e.Data is ApiKeyIssued or ApiKeyRotated or ApiKeyRevoked;

    public Task<IReadOnlyCollection<Guid>> MembersAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Task.FromResult<IReadOnlyCollection<Guid>>([]);
}
