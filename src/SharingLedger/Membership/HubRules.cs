using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Membership;

/// <summary>A hub is another active member of the same multi-level consortium.</summary>
public static class HubRules
{
    /// <summary>Pure: checks the hub a command names, given the member loaded for it (<see cref="LoadAsync"/>; null when there is none).</summary>
    public static void Check(Validation v, Consortium consortium, Guid? hubId, Member? hub, string field, Guid? self = null)
    {
        if (hubId is null) return;
        if (consortium.OrganisationModel != OrganisationModel.MultiLevel)
        {
            v.Add(field, "Only a multi-level consortium has hubs.");
            return;
        }
        if (hubId == self)
        {
            v.Add(field, "A member cannot be its own hub.");
            return;
        }
        if (hub is null || hub.Id != hubId || hub.ConsortiumId != consortium.Id || hub.WithdrawnOn is not null)
            v.Add(field, $"{hubId} is not an active member of this consortium.");
    }

    /// <summary>The member a command names as hub, if there is one.</summary>
    public static async Task<Member?> LoadAsync(IQuerySession session, Guid? hubId, CancellationToken ct) =>
        hubId is { } id ? await session.LoadAsync<Member>(id, ct) : null;
}
