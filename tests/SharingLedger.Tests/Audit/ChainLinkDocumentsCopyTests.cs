using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Tests.Support;
using Weasel.Postgresql;

namespace SharingLedger.Tests.Audit;

/// <summary>
/// Deployed databases hold their links as <c>ChainLink</c> documents: the script that creates <c>ledger.chain_link</c>
/// copies them into it, so the chain goes on without a rebuild. Run inside a transaction that is rolled back.
/// </summary>
public class ChainLinkDocumentsCopyTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Links_stored_as_documents_are_copied_into_the_table_by_the_script_that_creates_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = Guid.NewGuid().ToString("D");
        var eventId = Guid.NewGuid();
        var hash = "00ff" + new string('7', 58) + "ab";
        // The document as the earlier version stored it: the store's own serializer over the earlier shape.
        var serializer = Host.Host.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var document = serializer.ToJson(new { Id = 9_000_000_041L, EventId = eventId, Hash = hash, PreviousHash = new string('0', 64), PreviousSequence = 9_000_000_007L });
        var script = new StringWriter();
        new ChainLinkDocumentsCopy().WriteCreateStatement(new PostgresqlMigrator(), script);

        await using var connection = await Host.DataSource().OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Execute(connection, "create table if not exists ledger.mt_doc_chainlink (id bigint not null, tenant_id varchar not null, data jsonb not null)");
        await Execute(connection, "insert into ledger.mt_doc_chainlink (id, tenant_id, data) values (9000000041, $1, $2::jsonb)", tenant, document);
        await Execute(connection, script.ToString());

        await using var read = new NpgsqlCommand(
            "select event_id, encode(hash, 'hex'), previous_sequence from ledger.chain_link where tenant_id = $1 and sequence = 9000000041", connection);
        read.Parameters.Add(new NpgsqlParameter { Value = tenant });
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            Assert.True(await reader.ReadAsync(ct), "the document's link was not copied");
            Assert.Equal((eventId, hash, 9_000_000_007L), (reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }
        await transaction.RollbackAsync(ct);

        async Task Execute(NpgsqlConnection c, string sql, params object[] args)
        {
            await using var command = new NpgsqlCommand(sql, c);
            foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
