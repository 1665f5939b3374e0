using SharingLedger.Infrastructure.Marten;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Collecting;

/// <summary>Reading collecting-plan answers, and the plan's stream as stored, for the collecting tests.</summary>
public abstract class CollectingTest(LedgerHost host) : LedgerTest(host)
{
    protected static string? Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString();

    protected static JsonElement Row(JsonElement plan, string list, string memberCode) =>
        plan.GetProperty(list).EnumerateArray().Single(m => m.GetProperty("memberCode").GetString() == memberCode);

    protected static JsonElement Assignment(JsonElement plan, Guid assignmentId) =>
        plan.GetProperty("assignments").EnumerateArray().Single(a => a.GetProperty("assignmentId").GetGuid() == assignmentId);

    /// <summary>The version of the plan's event stream as stored (null: no stream), read past the HTTP API.</summary>
    protected async Task<long?> StoredVersion(Guid consortiumId, int fiscalYear)
    {
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(consortiumId);
        var state = await session.Events.FetchStreamStateAsync(StreamIds.CollectingPlan(consortiumId, fiscalYear));
        return state?.Version;
    }
}
