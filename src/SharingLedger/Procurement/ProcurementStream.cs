using JasperFx.Events;
using Marten;
using Marten.Events;
using SharingLedger.Consortia;

namespace SharingLedger.Procurement;

/// <summary>
/// Opens a procurement's stream for a command with optimistic concurrency (<c>FetchForWriting</c>): if another
/// write to the stream commits first, saving fails with a concurrency error (409) and nothing is recorded.
/// Null when the consortium or the procurement is unknown, or the procurement belongs to another consortium.
/// </summary>
public static class ProcurementStream
{
    public static async Task<(Consortium Consortium, IEventStream<JointProcurement> Stream)?> OpenAsync(IDocumentSession session,
        Guid consortiumId, Guid procurementId, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return null;
        var stream = await session.Events.FetchForWriting<JointProcurement>(procurementId, ct);
        return stream.Aggregate is { } p && p.ConsortiumId == consortiumId ? (consortium, stream) : null;
    }
}
