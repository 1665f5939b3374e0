using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// What loans are decided against is the agreement's terms without the signatories: every version as adopted, the member ids left
/// out. An agreement adopted before the terms were kept gets them from the one-off fill.
/// </summary>
public class AgreementTermsTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task The_terms_are_every_version_of_the_agreement_without_its_signatories()
    {
        var (c, members) = await AmendedAgreement();

        var (agreement, terms) = await Load(c);
        Assert.Equal([1, 2], agreement.Versions.Select(v => v.Version));
        Assert.All(agreement.Versions, v => Assert.Equal(members.Order(), v.Signatories.Order()));
        Assert.Equal([1, 2], terms!.Versions.Select(v => v.Version));
        Assert.All(terms.Versions, v => Assert.Empty(v.Signatories));
        Assert.Equal(Json(agreement.Versions.Select(v => v with { Signatories = [] })), Json(terms.Versions));
    }

    [Fact]
    public async Task The_fill_gives_agreements_from_before_the_terms_their_terms()
    {
        // As a database from before the terms: one agreement has none, another has terms begun from its amendment alone (one version of two).
        var (missing, _) = await AmendedAgreement();
        var (partial, _) = await AmendedAgreement();
        var dataSource = Host.Host.Services.GetRequiredService<NpgsqlDataSource>();
        async Task Sql(string sql, Guid c)
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = ConsortiumTenancy.TenantOf(c) });
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var expected = new Dictionary<Guid, string>();
        foreach (var c in new[] { missing, partial })
            expected[c] = Json((await Load(c)).Agreement.Versions.Select(v => v with { Signatories = [] }));
        await Sql("delete from ledger.mt_doc_agreementterms where tenant_id = $1", missing);
        await Sql("update ledger.mt_doc_agreementterms set data = jsonb_set(data, '{versions}', jsonb_build_array(data->'versions'->1)) where tenant_id = $1", partial);
        Assert.Null((await Load(missing)).Terms);
        Assert.Single((await Load(partial)).Terms!.Versions);

        var script = new StringWriter();
        AgreementTermsBackfill.Fill.WriteCreateStatement(null!, script);
        await using (var fill = dataSource.CreateCommand("drop table if exists ledger.agreement_terms_backfilled;\n" + script))
            await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        foreach (var c in new[] { missing, partial })
        {
            var terms = (await Load(c)).Terms;
            Assert.NotNull(terms);
            Assert.Equal(expected[c], Json(terms.Versions));
            Assert.Equal(2, terms.Versions.Count);
        }
    }

    private static string Json(IEnumerable<AgreementAdopted> versions) => System.Text.Json.JsonSerializer.Serialize(versions.ToList());

    private async Task<(Guid Consortium, Guid[] Members)> AmendedAgreement()
    {
        var c = await Api.EstablishConsortium();
        Guid[] members = [await Api.AdmitMember(c, "A"), await Api.AdmitMember(c, "B"), await Api.AdmitMember(c, "C")];
        await Api.Ok(Api.AdoptAgreement(c, members, new { method = "equal" }), 201);
        await Api.Ok(Api.AdoptAgreement(c, members, new { method = "equal" }, annualAmount: "120000.00", version: 2, effectiveFrom: "2026-07-01"), 201);
        return (c, members);
    }

    private async Task<(Agreement Agreement, AgreementTerms? Terms)> Load(Guid c)
    {
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(c));
        var id = StreamIds.Agreement(c);
        return ((await session.LoadAsync<Agreement>(id, TestContext.Current.CancellationToken))!, await session.LoadAsync<AgreementTerms>(id, TestContext.Current.CancellationToken));
    }
}
