using System.Data.Common;
using Marten;
using Weasel.Storage;
using Marten.Linq.QueryHandlers;
using Marten.Services.BatchQuerying;
using NodaTime;
using SharingLedger.Kernel.Lending;
using SharingLedger.Infrastructure.Marten;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace SharingLedger.Loans;

/// <summary>
/// Each loan's <see cref="LoanFacts"/> in <c>ledger.loan_facts</c>, kept by statement triggers on the loans' snapshots
/// (<c>LoanFacts.sql</c>). A member's obligations read its loans' facts as plain columns, in the request's batch: two index ranges
/// and a few hundred narrow rows, where the snapshots were as many JSON documents with their whole history, written out as text by
/// PostgreSQL and parsed again (docs/decisions.md, "A member's loans read as plain columns").
/// </summary>
public static class LoanFactsTable
{
    public const string Table = MartenSetup.Schema + ".loan_facts";

    /// <summary>
    /// The facts of the loans a member of the session's consortium borrowed or lent and requested, supplied or charged for pages on or
    /// after <paramref name="since"/>, queued in a batch.
    /// </summary>
    public static Task<IReadOnlyList<LoanFacts>> MemberLoans(IBatchedQuery batch, Guid memberId, LocalDate since) =>
        batch.AddItem(new RowsRead<LoanFacts>(MemberLoansSql, Read, memberId, since, memberId, since));

    /// <summary>
    /// The pages of the copies a borrower of the session's consortium was charged for on a day of <paramref name="year"/>, queued in a
    /// batch: one range of the charged copies' (tenant, borrower, charged on) index, whatever the borrower's other years (what a copy delivery reads
    /// under the borrower's lock for its free pages; docs/decisions.md, "A copy's free pages read from the year's charges").
    /// </summary>
    public static Task<IReadOnlyList<PagesCharged>> PagesChargedIn(IBatchedQuery batch, Guid borrowerId, DateInterval year) =>
        batch.AddItem(new RowsRead<PagesCharged>(PagesChargedSql,
            r => new PagesCharged(r.GetFieldValue<LocalDate>(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)), borrowerId, year.Start, year.End));

    /// <summary>The query of <see cref="PagesChargedIn"/>, its <c>?</c> the tenant, the borrower and the year's first and last days.</summary>
    public const string PagesChargedSql =
        $"select charged_on, pages, billed_pages, agreement_version from {Table} where tenant_id = ? and borrower_id = ? and charged_on >= ? and charged_on <= ?";

    /// <summary>
    /// The loans of the session's consortium supplied (shipped, or the copy delivered) on a day of <paramref name="period"/>, as
    /// their lender, borrower and supply day: what a year's reimbursement counts. Three columns, where the whole rows' steps (two
    /// arrays a loan) were most of the read at a national network's 139,000 supplies a year.
    /// </summary>
    public static async Task<IReadOnlyList<LoanSupply>> SuppliedInAsync(IQuerySession session, DateInterval period, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        return await PlainSql.ReadAsync(session, $"select lender_id, borrower_id, supplied_on from {Table} where tenant_id = ? and supplied_on >= ? and supplied_on <= ?",
            [session.TenantId, period.Start, period.End], r => new LoanSupply(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<LocalDate>(2)), ct);
    }

    /// <summary>The same, read on its own (the member's lending view).</summary>
    public static async Task<IReadOnlyList<LoanFacts>> MemberLoansAsync(IQuerySession session, Guid memberId, LocalDate since, CancellationToken ct)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(LoanFactsFeature), ct);
        var batch = session.CreateBatchQuery();
        var loans = MemberLoans(batch, memberId, since);
        await batch.Execute(ct);
        return await loans;
    }

    /// <summary>The columns in the order <see cref="Read"/> reads them.</summary>
    public const string Columns = "id, borrower_id, lender_id, request_id, borrower_code, service_level, state, requested_on, supplied_on, " +
                                  "actions, action_days, charged_on, pages, billed_pages, agreement_version";

    /// <summary>One row as <see cref="LoanFacts"/> (the enums as their names, as the snapshots' JSON has them).</summary>
    public static LoanFacts Read(DbDataReader r)
    {
        var actions = r.GetFieldValue<string[]>(9);
        var days = r.GetFieldValue<LocalDate[]>(10);
        var steps = new (LoanAction, LocalDate)[actions.Length];
        for (var i = 0; i < actions.Length; i++) steps[i] = (Enum.Parse<LoanAction>(actions[i]), days[i]);
        return new LoanFacts(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.GetString(3), r.GetString(4), Enum.Parse<ServiceLevel>(r.GetString(5)),
            Enum.Parse<LoanState>(r.GetString(6)), r.GetFieldValue<LocalDate>(7), r.IsDBNull(8) ? null : r.GetFieldValue<LocalDate>(8), steps,
            r.IsDBNull(11) ? null : new PagesCharged(r.GetFieldValue<LocalDate>(11), r.GetInt32(12), r.GetInt32(13), r.GetInt32(14)));
    }

    /// <summary>
    /// A loan's last day that counts in a figure: the latest of its request, its supply and its copy's charge (PostgreSQL's
    /// <c>greatest</c> passes over the days a loan does not have yet). A loan whose last day is before a day has none of the three on or
    /// after it. Indexed after the borrower and after the lender, in this exact form (PostgreSQL uses an index on an expression only
    /// for that expression).
    /// </summary>
    public const string LastDay = "greatest(requested_on, supplied_on, charged_on)";

    /// <summary>
    /// The query of <see cref="MemberLoans"/>, its <c>?</c> the tenant, the member and the day, the member and the day: two ranges, the
    /// loans it borrowed and those it lent whose <see cref="LastDay"/> is on or after the day, however many years before it the member
    /// has (docs/decisions.md, "A member's loans found by their last day").
    /// </summary>
    public const string MemberLoansSql = $"select {Columns} from {Table} where tenant_id = ? " +
                                         $"and (borrower_id = ? and {LastDay} >= ? or lender_id = ? and {LastDay} >= ?)";

    /// <summary>
    /// A batch item: the rows of <paramref name="sql"/>, read by <paramref name="read"/>; its first <c>?</c> is the session's tenant (its
    /// consortium), the others <paramref name="values"/> in order, each bound with the type its value has (<c>AppendWithParameters</c>
    /// makes them as text).
    /// </summary>
    private sealed class RowsRead<T>(string sql, Func<DbDataReader, T> read, params object[] values) : IQueryHandler<IReadOnlyList<T>>
    {
        public void ConfigureCommand(Weasel.Postgresql.ICommandBuilder builder, IStorageSession session)
        {
            var parameters = builder.AppendWithParameters(sql);
            object[] all = [session.TenantId, .. values];
            for (var i = 0; i < all.Length; i++)
            {
                parameters[i].ResetDbType();
                parameters[i].Value = all[i];
            }
        }

        public async Task<IReadOnlyList<T>> HandleAsync(DbDataReader reader, IStorageSession session, CancellationToken token)
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(token)) rows.Add(read(reader));
            return rows;
        }

        public Task<int> StreamJson(Stream stream, DbDataReader reader, CancellationToken token) =>
            throw new NotSupportedException("The loans' facts are read as rows, not streamed as JSON.");
    }
}

/// <summary>The facts' table and its triggers as a Marten storage feature after the loans' table (<c>db-apply</c>, or on first use).</summary>
public sealed class LoanFactsFeature(StoreOptions options) : FeatureSchemaBase(nameof(LoanFactsFeature), options.Advanced.Migrator)
{
    public override IEnumerable<Type> DependentTypes() => [typeof(Loan)];

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new LoanFactsSchema()];

    public static void Configure(StoreOptions options) => options.Storage.Add(new LoanFactsFeature(options));
}

/// <summary><c>LoanFacts.sql</c> (the row function) with the triggers every derived table has (<see cref="DerivedRowsSchema"/>).</summary>
public sealed class LoanFactsSchema() : DerivedRowsSchema("loan_facts", "mt_doc_loan", "loan_fact_row", "id", Version)
{
    /// <summary>Bump on any change to the script, so that existing databases recreate and refill the table.</summary>
    public const string Version = "v8";

    protected override string RowScript() => Embedded("SharingLedger.Loans.LoanFacts.sql");

    /// <summary><c>loan_fact_row</c> gives every snapshot one row, whatever its JSON (<c>LoanFacts.sql</c>): a step updates it in place.</summary>
    protected override bool OneRowPerDocument => true;

    protected override string Columns => """
        tenant_id varchar not null, id uuid not null, borrower_id uuid, lender_id uuid, request_id varchar not null,
        borrower_code varchar not null, service_level varchar, state varchar, requested_on date, supplied_on date,
        actions varchar[] not null, action_days date[] not null, charged_on date, pages integer, billed_pages integer,
        agreement_version integer, charge_month varchar, billed_amount numeric, billed_currency varchar, primary key (tenant_id, id)
        """;

    /// <summary>
    /// A member's loans: two index ranges, those it borrowed and those it lent, each by the loans' last day (<see cref="LoanFactsTable.LastDay"/>);
    /// a borrower's copies charged in a year, one range of an index of the charged copies only (their charge day after the borrower,
    /// maintained for no other loan). A period's loans of the consortium: those requested in
    /// it or charged in its months (the ILL statistics, the two ranges or'd) and those supplied in it (the reimbursement), so that a year
    /// reads that year's rows, not every year's of every consortium in the database (docs/decisions.md, "A year's loans read by date").
    /// </summary>
    protected override IEnumerable<string> Indexes =>
    [
        $"create index loan_facts_borrower on {LoanFactsTable.Table} (tenant_id, borrower_id, ({LoanFactsTable.LastDay}))",
        $"create index loan_facts_lender on {LoanFactsTable.Table} (tenant_id, lender_id, ({LoanFactsTable.LastDay}))",
        $"create index loan_facts_copies on {LoanFactsTable.Table} (tenant_id, borrower_id, charged_on) where charged_on is not null",
        $"create index loan_facts_requested on {LoanFactsTable.Table} (tenant_id, requested_on)",
        $"create index loan_facts_charge_month on {LoanFactsTable.Table} (tenant_id, charge_month)",
        $"create index loan_facts_supplied on {LoanFactsTable.Table} (tenant_id, supplied_on)",
    ];
}
