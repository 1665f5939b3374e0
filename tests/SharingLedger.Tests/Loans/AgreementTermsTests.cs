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
    public async Task The_fill_gives_an_agreement_from_before_the_terms_its_terms()
    {
        var (c, _) = await AmendedAgreement();
        var tenant = ConsortiumTenancy.TenantOf(c);
        var dataSource = Host.Host.Services.GetRequiredService<NpgsqlDataSource>();
        // As a database from before the terms: none for this agreement, and one begun from its amendment alone (one version of two).
        var (agreement, whole) = await Load(c);
        await using (var gone = dataSource.CreateCommand("update ledger.mt_doc_agreementterms set data = jsonb_set(data, '{versions}', jsonb_build_array(data->'versions'->1)) where tenant_id = $1"))
        {
            gone.Parameters.Add(new NpgsqlParameter { Value = tenant });
            await gone.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.Single((await Load(c)).Terms!.Versions);

        var script = new StringWriter();
        AgreementTermsBackfill.Fill.WriteCreateStatement(null!, script);
        await using (var fill = dataSource.CreateCommand("drop table if exists ledger.agreement_terms_backfilled;\n" + script))
            await fill.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var (_, terms) = await Load(c);
        Assert.Equal(Json(agreement.Versions.Select(v => v with { Signatories = [] })), Json(terms!.Versions));
        Assert.Equal(Json(whole!.Versions), Json(terms.Versions));
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
