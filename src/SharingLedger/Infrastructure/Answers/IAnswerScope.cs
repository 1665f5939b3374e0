using JasperFx.Events;
using Marten;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// A slice's word on which members' stored answers its events change (<see cref="AnswerInvalidation"/>). An event no scope
/// claims changes the answers of every member of its consortium, so a slice that registers no scope is always safe; a scope
/// only narrows that, for events known to concern a few members (a loan: its borrower and its lender).
/// </summary>
public interface IAnswerScope
{
    /// <summary>Whether this scope answers for <paramref name="e"/>.</summary>
    bool Claims(IEvent e);

    /// <summary>The members whose answers the claimed <paramref name="events"/> (all of one consortium) change; none for events that change no answer.</summary>
    Task<IReadOnlyCollection<Guid>> MembersAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct);
}
