using Marten;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace SharingLedger.Ledger;

/// <summary>
/// The running totals of the postings table (<see cref="PostingTotals"/>): two tables kept by a row trigger on the postings
/// and emptied by a truncate trigger, created (and filled from the postings already there) by <c>PostingTotals.sql</c>. A
/// Marten storage feature that depends on <see cref="Posting"/>, so Marten creates it after the postings table, with the
/// other schema objects (<c>db-apply</c>, or on first use).
/// </summary>
public sealed class PostingTotalsFeature(StoreOptions options) : FeatureSchemaBase(nameof(PostingTotalsFeature), options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(Posting)];

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new PostingTotalsSchema()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new PostingTotalsFeature(options));
}

/// <summary>
/// The tables, functions and triggers of <c>PostingTotals.sql</c> as one schema object. It exists when the trigger of its
/// <see cref="Version"/> does; otherwise the whole script runs, recreating the tables and refilling them from the postings.
/// </summary>
public sealed class PostingTotalsSchema() : TriggerScriptSchema(PostingTotals.Schema, "posting_totals", "mt_doc_posting", TriggerName)
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the totals.</summary>
    public const string Version = "v6";

    public static string TriggerName => $"posting_totals_{Version}";

    /// <summary>The script with its placeholders filled in from the names the code uses.</summary>
    public override string Script() =>
        Fragments(Embedded("SharingLedger.Ledger.PostingTotals.sql"))
            .Replace("__version__", Version)
            .Replace("__receivable__", Accounts.MemberReceivable)
            .Replace("__payable__", Accounts.MemberPayable)
            .Replace("__payment__", nameof(PaymentReceived))
            .Replace("__reversal__", nameof(PaymentReversed))
            .Replace("__refund__", nameof(OverpaymentRefunded))
            .Replace("__in_kind__", nameof(InKind.InKindContributionRecorded))
            .Replace("__snapshot_lock__", PostingSnapshots.LockClass.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The script with each fragment (the lines between <c>--@ name</c> and <c>--@ end</c>) taken out and put in wherever
    /// <c>__name__</c> stands.
    /// </summary>
    private static string Fragments(string script)
    {
        var fragment = new System.Text.RegularExpressions.Regex(@"^--@ (?<name>[a-z_]+)\n(?<body>.*?)\n--@ end\n",
            System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.Singleline);
        var found = fragment.Matches(script).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value.Trim());
        var rest = fragment.Replace(script, "");
        foreach (var (name, body) in found)
        {
            if (!rest.Contains($"__{name}__", StringComparison.Ordinal)) throw new InvalidOperationException($"PostingTotals.sql: the fragment {name} is used nowhere.");
            rest = rest.Replace($"__{name}__", body);
        }
        return rest;
    }

    public override void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"""
        drop trigger if exists {TriggerName} on {PostingColumns.Table};
        drop trigger if exists {TriggerName}_truncate on {PostingColumns.Table};
        drop trigger if exists {TriggerName}_insert on {PostingColumns.Table};
        drop function if exists {PostingTotals.Schema}.posting_totals_track();
        drop function if exists {PostingTotals.Schema}.posting_totals_inserted();
        drop function if exists {PostingTotals.Schema}.posting_totals_add({PostingColumns.Table}, integer);
        drop function if exists {PostingTotals.Schema}.posting_totals_clear();
        drop function if exists {PostingTotals.Schema}.posting_snapshot_take(uuid, varchar, integer);
        drop function if exists {PostingTotals.Schema}.posting_totals_recount(uuid[]);
        drop table if exists {PostingSnapshots.MonthTable};
        drop table if exists {PostingSnapshots.MemberTable};
        drop table if exists {PostingSnapshots.ItemTable};
        drop table if exists {PostingTotals.MemberTable};
        drop table if exists {PostingTotals.ItemTable};
        """);
}
