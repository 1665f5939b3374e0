using System.Collections.Concurrent;
using System.Reflection;
using JasperFx.Events;
using NodaTime;

namespace SharingLedger.Infrastructure.Marten;

/// <summary>
/// When the ledger recorded an event, as the event itself states it: every event of this ledger carries exactly one
/// <see cref="Instant"/> (<c>RecordedAt</c>, <c>AssessedAt</c>, <c>AdoptedAt</c>, ...), taken from the application clock
/// at the write. The store's own timestamp is the fallback for an event without one.
/// </summary>
public static class RecordedInstant
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Property = new();

    public static Instant Of(IEvent e) =>
        Property.GetOrAdd(e.Data.GetType(), Find)?.GetValue(e.Data) is Instant at ? at : Instant.FromDateTimeOffset(e.Timestamp);

    private static PropertyInfo? Find(Type type)
    {
        var instants = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(Instant)).ToList();
        return instants.Count == 1 ? instants[0] : instants.FirstOrDefault(p => p.Name == "RecordedAt");
    }
}
