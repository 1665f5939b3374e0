using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Membership;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Consortia;

/// <summary>
/// The consortium is Marten's tenant: what one consortium stored is invisible to a session of another, whatever id it is
/// asked for, and the route's consortium is the tenant of every session an endpoint gets.
/// </summary>
public class ConsortiumTenancyTests(LedgerHost host) : LedgerTest(host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<List<string>> TenantsOf(string sql, Guid id)
    {
        await using var command = Host.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) list.Add(reader.GetString(0));
        return list;
    }

    [Fact]
    public async Task A_consortiums_events_and_documents_are_stored_under_its_own_id_as_tenant()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "T1");
        var tenant = c.ToString("D");

        Assert.Equal([tenant], await TenantsOf("select tenant_id from ledger.mt_events where stream_id = $1", c)); // establishing starts its tenant
        Assert.Equal([tenant], await TenantsOf("select tenant_id from ledger.mt_events where stream_id = $1", m));
        Assert.Equal([tenant], await TenantsOf("select tenant_id from ledger.mt_doc_consortium where id = $1", c));
        Assert.Equal([tenant], await TenantsOf("select tenant_id from ledger.mt_doc_member where id = $1", m));
    }

    [Fact]
    public async Task A_session_for_one_consortium_cannot_read_anothers_documents_or_streams_even_with_the_exact_id()
    {
        var a = await Api.EstablishConsortium();
        var b = await Api.EstablishConsortium();
        var memberOfB = await Api.AdmitMember(b, "B1");

        await using (var ofA = Store.QueryFor(a))
        {
            Assert.Null(await ofA.LoadAsync<Consortium>(b, Ct));
            Assert.Null(await ofA.LoadAsync<Member>(memberOfB, Ct));
            Assert.Empty(await ofA.Query<Member>().Where(x => x.ConsortiumId == b).ToListAsync(Ct));
            Assert.Null(await ofA.Events.FetchStreamStateAsync(memberOfB, Ct));
            Assert.Empty(await ofA.Events.FetchStreamAsync(memberOfB, token: Ct));
            Assert.Empty(await ofA.Events.QueryAllRawEvents().Where(e => e.StreamId == memberOfB).ToListAsync(Ct));
            Assert.NotNull(await ofA.LoadAsync<Consortium>(a, Ct));
        }
        // The same reads in B's own session find them: the ids are right, only the tenant differs.
        await using var ofB = Store.QueryFor(b);
        Assert.NotNull(await ofB.LoadAsync<Consortium>(b, Ct));
        Assert.Equal(b, (await ofB.LoadAsync<Member>(memberOfB, Ct))?.ConsortiumId);
        Assert.Single(await ofB.Events.FetchStreamAsync(memberOfB, token: Ct));
    }

    [Fact]
    public async Task Another_consortiums_member_under_this_consortiums_route_is_unknown()
    {
        var a = await Api.EstablishConsortium();
        var b = await Api.EstablishConsortium();
        await Api.AdmitMember(a, "A1");
        var memberOfB = await Api.AdmitMember(b, "B1");
        await using (var ofB = Store.QueryFor(b))
            Assert.NotNull(await ofB.Events.FetchStreamStateAsync(memberOfB, Ct));

        Assert.Equal(404, (await Api.Get($"/consortia/{a}/members/{memberOfB}")).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{a}/members/{memberOfB}/statement")).Status);
        var (pay, _) = await Api.Post($"/consortia/{a}/members/{memberOfB}/account/payments", new
        {
            amount = new { amount = "10.00", currency = "USD" }, bankReference = "CROSS-1", receivedOn = "2026-11-02",
        });
        Assert.Equal(404, pay);
        var (details, _) = await Api.Post($"/consortia/{a}/members/{memberOfB}/details", new { effectiveFrom = "2026-07-01", fte = 1500 });
        Assert.Equal(404, details);

        // Nothing was recorded in either consortium, and under its own route the member is there.
        await using (var ofB = Store.QueryFor(b))
            Assert.Equal(1, (await ofB.Events.FetchStreamStateAsync(memberOfB, Ct))!.Version);
        Assert.Empty(await TenantsOf("select tenant_id from ledger.mt_events where data ->> 'bankReference' = 'CROSS-1' and $1::uuid is not null", a));
        Assert.Equal(200, (await Api.Get($"/consortia/{b}/members/{memberOfB}")).Status);
    }

    [Fact]
    public async Task The_route_id_in_capitals_names_the_same_consortium()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "CAPS");
        var upper = c.ToString("D").ToUpperInvariant();

        Assert.Equal(m, (await Api.Ok(Api.Get($"/consortia/{upper}/members/{m}"))).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Listing_consortia_is_the_operators_read_across_every_tenant()
    {
        var a = await Api.EstablishConsortium();
        var b = await Api.EstablishConsortium();

        var listed = (await Api.All("/consortia")).Select(x => x.GetProperty("id").GetGuid()).ToList();

        Assert.Contains(a, listed);
        Assert.Contains(b, listed);
    }
}
