using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Obligations;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// Many documents written by one statement (<see cref="ManyDocuments"/>) against Marten's own <c>Store</c> of the same documents: every
/// column of every row must be what Marten writes (but the tenant, the version and the time), and the postings' running totals,
/// counted by a trigger once a statement, what they are when each posting is a statement of its own.
/// </summary>
public class ManyDocumentsTests(LedgerHost host) : LedgerTest(host)
{
    private IDocumentStore Store => Host.Host.Services.GetRequiredService<IDocumentStore>();

    [Fact]
    public async Task Postings_are_stored_as_Marten_stores_them_and_counted_in_the_same_totals()
    {
        var (byMarten, inOne) = (Guid.NewGuid(), Guid.NewGuid());
        await StoreAsync(ConsortiumTenancy.TenantOf(byMarten), Postings(byMarten), oneStatement: false);
        await StoreAsync(ConsortiumTenancy.TenantOf(inOne), Postings(inOne), oneStatement: true);

        var marten = await RowsAsync("mt_doc_posting", ConsortiumTenancy.TenantOf(byMarten), byMarten);
        Assert.Equal(7, marten.Count);
        Assert.Equal(marten, await RowsAsync("mt_doc_posting", ConsortiumTenancy.TenantOf(inOne), inOne));

        var totals = await RowsAsync("posting_member_totals", null, byMarten);
        Assert.Equal(3, totals.Count); // two members in CNY, one in USD
        Assert.Equal(totals, await RowsAsync("posting_member_totals", null, inOne));
        Assert.Equal(await RowsAsync("posting_item_totals", null, byMarten), await RowsAsync("posting_item_totals", null, inOne));
        Assert.NotEmpty(await RowsAsync("posting_item_totals", null, inOne));
    }

    [Fact]
    public async Task Items_are_stored_as_Marten_stores_them()
    {
        var (byMarten, inOne) = (Guid.NewGuid(), Guid.NewGuid());
        var source = Guid.NewGuid();
        await StoreAsync(ConsortiumTenancy.TenantOf(byMarten), Items(source), oneStatement: false);
        await StoreAsync(ConsortiumTenancy.TenantOf(inOne), Items(source), oneStatement: true);

        var marten = await RowsAsync("mt_doc_memberobligationitem", ConsortiumTenancy.TenantOf(byMarten), null);
        Assert.Equal(3, marten.Count);
        Assert.Equal(marten, await RowsAsync("mt_doc_memberobligationitem", ConsortiumTenancy.TenantOf(inOne), null));
    }

    [Fact]
    public async Task An_upsert_overwrites_a_stored_posting_whole_and_moves_the_totals()
    {
        var consortium = Guid.NewGuid();
        var tenant = ConsortiumTenancy.TenantOf(consortium);
        var first = Postings(consortium);
        await StoreAsync(tenant, first, oneStatement: true);
        var before = await RowsAsync("posting_member_totals", null, consortium);

        var changed = Postings(consortium);
        changed[0].Debit += 250;
        changed[1].Debit -= 250;
        changed[0].Memo = "改过的 memo";
        await StoreAsync(tenant, changed.Take(2).ToList(), oneStatement: true);

        var rows = await RowsAsync("mt_doc_posting", tenant, consortium);
        Assert.Equal(7, rows.Count);
        Assert.Contains(rows, r => r.Contains("改过的 memo") && r.Contains("\"debit\": 100250"));
        var after = await RowsAsync("posting_member_totals", null, consortium);
        Assert.NotEqual(before, after);
        // member A's receivable: 100,250 debited less 30,000 paid
        Assert.Contains(after, r => r.Contains($"\"member_id\": \"{MemberA}\"") && r.Contains("\"net\": 70250"));
    }

    private static Guid Known(int n) => Guid.Parse($"0193c0de-0000-7000-9000-{n:D12}");

    private static readonly Guid MemberA = Guid.Parse("0193c0de-0000-7000-8000-00000000000a");
    private static readonly Guid MemberB = Guid.Parse("0193c0de-0000-7000-8000-00000000000b");

    /// <summary>Seven postings of three events: an invoice's two members (one in Chinese), a payment with no item, a USD credit.</summary>
    private static List<Posting> Postings(Guid consortium)
    {
        var (invoice, payment, credit) = (Known(1), Known(2), Known(3));
        Posting P(Guid e, int line, string account, Guid? member, long debit, long credit, string currency, string? item, string? party = null) => new()
        {
            Id = $"{e}/{line}", ConsortiumId = consortium, Account = account, MemberId = member, Party = party, Debit = debit, Credit = credit,
            Currency = currency, EventId = e, EventType = "SubscriptionInvoiced", StreamId = e, StreamVersion = 2, Line = line,
            AgreementId = line % 2 == 0 ? Known(4) : null, AgreementVersion = line % 2 == 0 ? 3 : null,
            BusinessDate = new LocalDate(2026, 3, 1 + line), FactDate = new LocalDate(2026, 2, 28), Period = "2026-03",
            AdjustsPeriod = line == 1 ? "2026-02" : null, RecordedAt = Instant.FromUtc(2026, 3, 1, 8, line, 30).PlusTicks(1234),
            Memo = line == 1 ? "中国知网 CNKI \"全文\" <&>" : $"line {line}", ItemId = item,
        };
        return
        [
            P(invoice, 0, Accounts.MemberReceivable, MemberA, 100_000, 0, "CNY", $"subscription:{invoice}:1"),
            P(invoice, 1, Accounts.MemberReceivable, MemberB, 50_000, 0, "CNY", $"subscription:{invoice}:1"),
            P(invoice, 2, Accounts.VendorPayable, null, 0, 150_000, "CNY", null, party: "万方数据"),
            P(payment, 0, Accounts.Bank, null, 30_000, 0, "CNY", null),
            P(payment, 1, Accounts.MemberReceivable, MemberA, 0, 30_000, "CNY", null),
            P(credit, 0, Accounts.CentralFund, null, 1_999, 0, "USD", null),
            P(credit, 1, Accounts.MemberPayable, MemberA, 0, 1_999, "USD", null),
        ];
    }

    private static List<MemberObligationItem> Items(Guid source) =>
    [
        .. MemberObligationItems.Of(source, new[] { MemberA, MemberB, Known(6) }.Select((m, i) =>
            (m, new LocalDate(2026, 1, 1), new ObligationItem("subscription", $"中国知网 CNKI, term {i + 1}", new Money(33_333 + i, "CNY"), Known(5), 2,
                "usage", new Dictionary<BasisAttribute, decimal> { [BasisAttribute.Usage] = 12.5m + i }, "1/3", "333.33333…", i - 1,
                "一样分摊 \"equal\"\n", SourceId: source, PhaseInYear: i == 0 ? null : i, LedgerItemId: $"subscription:{source}:1")))),
    ];

    private async Task StoreAsync<T>(string tenant, List<T> documents, bool oneStatement) where T : notnull
    {
        await using var session = Store.LightweightSession(tenant);
        if (oneStatement) ManyDocuments.Upsert(session, documents);
        else session.Store(documents.ToArray());
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Every column of the rows as JSON, but the tenant, the version, the time and the consortium (two consortia compared), in key order.</summary>
    private async Task<List<string>> RowsAsync(string table, string? tenant, Guid? consortium)
    {
        await using var connection = new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var where = string.Join(" and ", new[] { tenant is null ? null : "d.tenant_id = $1", consortium is null ? null : "d.consortium_id = $2" }.OfType<string>());
        var sql = "select (case when to_jsonb(d) ? 'data' then to_jsonb(d) - 'tenant_id' - 'mt_version' - 'mt_last_modified' - 'consortium_id' || " +
                  "jsonb_build_object('data', (to_jsonb(d)->'data') - 'consortiumId') else to_jsonb(d) - 'consortium_id' end)::text " +
                  $"from {MartenSetup.Schema}.{table} d where {where} order by 1";
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue((object?)tenant ?? "");
        command.Parameters.AddWithValue(consortium ?? Guid.Empty);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) rows.Add(reader.GetString(0));
        return rows;
    }
}
