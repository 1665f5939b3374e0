using Marten;
using Marten.Events.Aggregation;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace SharingLedger.Agreements;

/// <summary>
/// The agreement's terms without its signatories: every version as adopted, but with an empty list where a large consortium's
/// thousands of member ids are. What every loan request and loan step is decided against (dues, fees, quotas, windows), read
/// without carrying the signatories each time (docs/decisions.md, "The agreement's terms without its signatories").
/// </summary>
public sealed class AgreementTerms : Agreement;

/// <summary>Keeps <see cref="AgreementTerms"/> inline, beside the <see cref="Agreement"/> snapshot, from the same events.</summary>
public sealed partial class AgreementTermsProjection : SingleStreamProjection<AgreementTerms, Guid>
{
    public static AgreementTerms Create(AgreementAdopted e) =>
        new() { Id = e.AgreementId, ConsortiumId = e.ConsortiumId, Versions = [e with { Signatories = [] }] };

    public static void Apply(AgreementAdopted e, AgreementTerms terms) => terms.Versions.Add(e with { Signatories = [] });
}

/// <summary>
/// Where the terms are read, and the one-off fill of <see cref="AgreementTerms"/> for agreements adopted before it existed: each
/// agreement's document copied with every version's signatories emptied, replacing a terms document the inline projection began
/// from a later amendment alone (it has fewer versions). A Marten storage feature, so <c>db-apply</c> runs it once per database
/// (Development and the tests, the first time terms are read).
/// </summary>
public sealed class AgreementTermsBackfill(StoreOptions options) : FeatureSchemaBase(nameof(AgreementTermsBackfill), options.Advanced.Migrator)
{
    private static readonly string Schema = MartenSetup.Schema;

    protected override IEnumerable<ISchemaObject> schemaObjects() => [Fill];

    /// <summary>The script: each agreement's terms from its document, once per database.</summary>
    public static readonly OneOffScript Fill = new("agreement_terms_backfilled", ["mt_doc_agreement", "mt_doc_agreementterms"], $$"""
        INSERT INTO {{Schema}}.mt_doc_agreementterms (tenant_id, id, data, mt_dotnet_type, mt_version)
        SELECT tenant_id, id,
               jsonb_set(data, '{versions}', coalesce((SELECT jsonb_agg(jsonb_set(v, '{signatories}', '[]'::jsonb) ORDER BY n)
                                                       FROM jsonb_array_elements(data->'versions') WITH ORDINALITY AS x(v, n)), '[]'::jsonb)),
               '{{typeof(AgreementTerms).FullName}}', mt_version
        FROM {{Schema}}.mt_doc_agreement
        ON CONFLICT (tenant_id, id) DO UPDATE SET data = excluded.data, mt_version = excluded.mt_version
        WHERE jsonb_array_length({{Schema}}.mt_doc_agreementterms.data->'versions') < jsonb_array_length(excluded.data->'versions');
        """);

    public static void Configure(StoreOptions options) => options.Storage.Add(new AgreementTermsBackfill(options));

    /// <summary>Where the schema is made on demand: the terms' table, then the fill (which needs that table to be there).</summary>
    public static async Task EnsureAsync(Marten.Storage.IMartenDatabase database, CancellationToken ct)
    {
        await database.EnsureStorageExistsAsync(typeof(AgreementTerms), ct);
        await database.EnsureStorageExistsAsync(typeof(AgreementTermsBackfill), ct);
    }

    /// <summary>
    /// The consortium's agreement as its terms (<see cref="AgreementTerms"/>), or the whole agreement where no terms are kept for it
    /// (a database the fill has not run on yet).
    /// </summary>
    public static async Task<Agreement?> TermsAsync(IQuerySession session, Guid agreementId, CancellationToken ct)
    {
        await EnsureAsync(session.Database, ct);
        return await OrWholeAsync(session.LoadAsync<AgreementTerms>(agreementId, ct), session, agreementId, ct);
    }

    /// <summary>The terms as read (alone or in a batch), or the whole agreement where no terms are kept for it.</summary>
    public static async Task<Agreement?> OrWholeAsync(Task<AgreementTerms?> termsRead, IQuerySession session, Guid agreementId, CancellationToken ct) =>
        await termsRead ?? await session.LoadAsync<Agreement>(agreementId, ct);
}
