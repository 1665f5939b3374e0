using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharingLedger.Infrastructure.Answers;

/// <summary>
/// Where a member's stored answers live (<see cref="StoredAnswers"/>): <c>ledger.stored_answer</c>, the answer's JSON as it was
/// sent, one row per consortium, member and kind of answer, with the stamps it was computed under; and
/// <c>ledger.answer_stamp</c>, the latest stamp of each member and of the consortium as a whole (member <see cref="Guid.Empty"/>),
/// drawn from one sequence by <see cref="AnswerInvalidation"/> in the transaction of every event that changes an answer.
/// A Marten storage feature, so <c>db-apply</c> (and Development's auto-create) makes them.
/// </summary>
public sealed class StoredAnswerFeature(StoreOptions options) : FeatureSchemaBase(nameof(StoredAnswerFeature), options.Advanced.Migrator)
{
    public static readonly string Answers = $"{MartenSetup.Schema}.stored_answer";
    public static readonly string Stamps = $"{MartenSetup.Schema}.answer_stamp";
    public static readonly string Sequence = $"{MartenSetup.Schema}.answer_stamp_sequence";

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var answers = new Table(new PostgresqlObjectName(MartenSetup.Schema, "stored_answer", SchemaUtils.IdentifierUsage.General));
        answers.AddColumn("tenant_id", "varchar").NotNull().AsPrimaryKey();
        answers.AddColumn<Guid>("member_id").NotNull().AsPrimaryKey();
        answers.AddColumn("kind", "varchar").NotNull().AsPrimaryKey();
        answers.AddColumn<long>("consortium_stamp").NotNull();
        answers.AddColumn<long>("member_stamp").NotNull();
        answers.AddColumn("build", "varchar").NotNull();
        answers.AddColumn("valid_from", "timestamptz").NotNull();
        answers.AddColumn("valid_until", "timestamptz").NotNull();
        answers.AddColumn<int>("fiscal_year").AllowNulls();
        answers.AddColumn<long>("list_offset").AllowNulls();
        answers.AddColumn<long>("list_total").AllowNulls();
        answers.AddColumn("body", "bytea").NotNull();

        var stamps = new Table(new PostgresqlObjectName(MartenSetup.Schema, "answer_stamp", SchemaUtils.IdentifierUsage.General));
        stamps.AddColumn("tenant_id", "varchar").NotNull().AsPrimaryKey();
        stamps.AddColumn<Guid>("member_id").NotNull().AsPrimaryKey();
        stamps.AddColumn<long>("stamp").NotNull();

        return [new Sequence(new PostgresqlObjectName(MartenSetup.Schema, "answer_stamp_sequence", SchemaUtils.IdentifierUsage.General)), answers, stamps];
    }

    public static void Configure(StoreOptions options) => options.Storage.Add(new StoredAnswerFeature(options));
}
