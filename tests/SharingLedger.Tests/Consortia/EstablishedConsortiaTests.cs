using System.Reflection;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Consortia;

/// <summary>
/// The loan traffic reads a consortium once per node (<see cref="EstablishedConsortia"/>). That is right only because a consortium's
/// document never changes after it is established; the first test pins that, the second what the node remembers and what not.
/// </summary>
public class EstablishedConsortiaTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public void A_consortiums_document_is_made_from_its_establishment_and_changed_by_no_event()
    {
        var conventions = typeof(Consortium).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name is "Create" or "Apply" or "Evolve" or "ShouldDelete" or "DetermineAction").ToList();
        var create = Assert.Single(conventions);
        Assert.Equal("Create", create.Name);
        Assert.Equal(typeof(ConsortiumEstablished), Assert.Single(create.GetParameters()).ParameterType);
    }

    [Fact]
    public async Task A_consortium_found_is_read_from_the_database_once_and_one_not_found_is_looked_for_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.CreateVersion7();
        var consortia = new EstablishedConsortia();
        await using (var query = store.QueryFor(id)) Assert.Null(await consortia.FindAsync(query, id, ct));

        await using (var session = store.LightweightSession(ConsortiumTenancy.TenantOf(id)))
        {
            session.Events.StartStream<Consortium>(id, new ConsortiumEstablished(id, "Pearl River Libraries", "South", OrganisationModel.Parallel,
                GovernanceModel.Council, "CNY", 1, "Asia/Shanghai", LedgerHost.Now));
            await session.SaveChangesAsync(ct);
        }
        await using (var query = store.QueryFor(id))
        {
            var found = await consortia.FindAsync(query, id, ct); // established since it was first looked for: found now
            Assert.Equal(("Pearl River Libraries", "CNY", "Asia/Shanghai"), (found!.Name, found.BaseCurrency, found.TimeZone));
        }

        // The row changed behind the node's back (nothing in the ledger does this): the node does not read it again, a new one does.
        await using (var connection = new NpgsqlConnection(Host.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var update = new NpgsqlCommand(
                "update ledger.mt_doc_consortium set data = jsonb_set(data, '{name}', '\"Changed\"') where id = $1", connection) { Parameters = { new() { Value = id } } };
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }
        await using (var query = store.QueryFor(id))
        {
            Assert.Equal("Pearl River Libraries", (await consortia.FindAsync(query, id, ct))!.Name);
            Assert.Equal("Changed", (await new EstablishedConsortia().FindAsync(query, id, ct))!.Name);
        }
    }
}
