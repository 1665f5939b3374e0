using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Membership;

/// <summary>A hub is another active member of the same multi-level consortium.</summary>
public static class HubRules
{
    public static async Task CheckAsync(Validation v, IQuerySession session, Consortium consortium, Guid? hubId, string field, CancellationToken ct, Guid? self = null)
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
        var hub = await session.LoadAsync<Member>(hubId.Value, ct);
        if (hub is null || hub.ConsortiumId != consortium.Id || hub.WithdrawnOn is not null)
            v.Add(field, $"{hubId} is not an active member of this consortium.");
    }
}
