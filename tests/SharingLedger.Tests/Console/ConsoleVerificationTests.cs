using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Ledger.Rebuild;
using SharingLedger.Obligations;
using SharingLedger.Tests.Audit;
using static SharingLedger.Tests.WebConsole.ConsolePages;

namespace SharingLedger.Tests.WebConsole;

/// <summary>The council's auditor verifies the chain and the figures derived from the events, in English and in Chinese.</summary>
public sealed partial class ConsoleJourneyTests
{
    [Fact]
    public async Task An_auditor_sees_a_damaged_posting_named_with_the_command_that_repairs_it_and_all_intact_after_the_repair()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        // By hand in PostgreSQL: ALPHA's 2026 dues posting (CNY 600.00) made to say 600.01, in its document and its column.
        await using (var command = browser.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            update ledger.mt_doc_posting set debit = debit + 1, data = jsonb_set(data, '{debit}', to_jsonb(debit + 1))
            where id = (select id from ledger.mt_doc_posting where consortium_id = $1 and member_id = $2 and event_type = 'DuesAssessed')
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = w.Consortium });
            command.Parameters.Add(new NpgsqlParameter { Value = w.Alpha });
            Assert.Equal(1, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AuditorKey);
        await page.GotoAsync("/verification");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("derived figures differ");
        var postings = page.GetByRole(AriaRole.Table, new() { Name = "Figures recomputed from the events" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Postings" });
        await Assertions.Expect(postings).ToContainTextAsync("The posting's debit is stored as '60001'; recomputed from its event it is '60000'.");
        await Assertions.Expect(page.GetByTestId("repair")).ToHaveTextAsync($"rebuild-postings --consortium {w.Consortium}");
        await VisitedAsync(page, browser, "en-auditor-verification-derived-differs");

        var zh = await browser.NewPageAsync("zh-CN");
        await SignInAsync(zh, w.AuditorKey);
        await zh.GotoAsync("/verification");
        await Assertions.Expect(zh.GetByText("约需二十秒")).ToBeVisibleAsync(); // the auditor is told how long it takes before pressing
        await zh.GetByRole(AriaRole.Button, new() { Name = "立即校验哈希链" }).ClickAsync();
        await Assertions.Expect(zh.GetByTestId("chain-state")).ToHaveTextAsync("派生数据不一致");
        await Assertions.Expect(zh.GetByRole(AriaRole.Heading, new() { Name = "如何修复" })).ToBeVisibleAsync();
        // The reason in Chinese, with the values found.
        await Assertions.Expect(zh.GetByTestId("derived-postings").GetByTestId("derived-reason"))
            .ToHaveTextAsync("该过账记录的 debit 存储为“60001”；由其事件重新计算为“60000”。");
        await VisitedAsync(zh, browser, "zh-auditor-verification-derived-differs");

        // The operator runs the command (what it calls), and the verification is intact again.
        var output = new StringWriter();
        var store = (DocumentStore)browser.Services.GetRequiredService<IDocumentStore>();
        Assert.True((await RebuildPostingsCommand.RunAsync(store, w.Consortium, output, TestContext.Current.CancellationToken)).Succeeded, output.ToString());
        Assert.Contains("(0 added, 1 corrected, 0 removed)", output.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("intact");
        await Assertions.Expect(page.GetByTestId("derived-postings")).ToContainTextAsync("all match");
        await Assertions.Expect(page.GetByTestId("repair")).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Beta's row of its subscription (what its list of subscriptions reads) deleted by hand in PostgreSQL: the auditor sees the members'
    /// subscription lists named as differing from the snapshot, why, in English and Chinese, and the command that keeps them again.
    /// </summary>
    [Fact]
    public async Task An_auditor_sees_a_lost_member_row_named_with_the_command_that_keeps_it_again()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var ct = TestContext.Current.CancellationToken;
        await using (var command = browser.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "delete from ledger.mt_doc_membersubscription where tenant_id = $1 and member_id = $2"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = w.Consortium.ToString("D") });
            command.Parameters.Add(new NpgsqlParameter { Value = w.Beta });
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        }

        var page = await browser.NewPageAsync();
        await SignInAsync(page, w.AuditorKey);
        await page.GotoAsync("/verification");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("derived figures differ");
        var rows = page.GetByTestId("derived-subscription-rows");
        await Assertions.Expect(rows).ToContainTextAsync("Members' subscription lists");
        await Assertions.Expect(rows.GetByTestId("derived-reason")).ToHaveTextAsync("It is not stored, though its snapshot gives it.");
        await Assertions.Expect(page.GetByTestId("repair")).ToHaveTextAsync($"rebuild-member-items --consortium {w.Consortium}");

        var zh = await browser.NewPageAsync("zh-CN");
        await SignInAsync(zh, w.AuditorKey);
        await zh.GotoAsync("/verification");
        await zh.GetByRole(AriaRole.Button, new() { Name = "立即校验哈希链" }).ClickAsync();
        await Assertions.Expect(zh.GetByTestId("derived-subscription-rows")).ToContainTextAsync("成员订购列表");
        await Assertions.Expect(zh.GetByTestId("derived-subscription-rows").GetByTestId("derived-reason")).ToHaveTextAsync("未存储，但其快照包含此项。");
        await VisitedAsync(zh, browser, "zh-auditor-verification-member-rows");

        var output = new StringWriter();
        Assert.True(await RebuildMemberItemsCommand.RunAsync(browser.Services.GetRequiredService<IDocumentStore>(),
            browser.Services.GetServices<IKeptBeside>(), w.Consortium, output, ct), output.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("intact");
        await Assertions.Expect(page.GetByTestId("derived-subscription-rows")).ToContainTextAsync("all match");
    }

    /// <summary>
    /// After a large import the chain works through a backlog of events already older than the grace period (60 s here): the
    /// verification is intact as far as the chain has come, and the page says that it is still catching up, and on how many events,
    /// so "intact" is not read as covering them. Staged with the chain's writer paused: a new event's timestamp set an hour back, and
    /// the writer's progress row stamped as just advanced (what Marten does at each batch it commits).
    /// </summary>
    [Fact]
    public async Task An_auditor_is_told_when_the_chain_is_still_catching_up_and_not_once_it_has()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var data = browser.Services.GetRequiredService<NpgsqlDataSource>();
        var ct = TestContext.Current.CancellationToken;
        await data.WaitForLink(await LatestOf(w.Consortium));
        var coordinator = browser.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            await browser.PostAsync($"/consortia/{w.Consortium}/members", new
            {
                code = "GAMMA", name = "Gamma Library", kind = "public", fte = 10, population = 5000,
                materialsBudget = new { amount = "1000.00", currency = "CNY" }, effectiveFrom = "2025-01-01",
            });
            var unchained = await LatestOf(w.Consortium);
            Assert.Equal(1, await Execute("update ledger.mt_events set timestamp = now() - interval '1 hour' where seq_id = $1", unchained));
            Assert.Equal(1, await Execute($"update ledger.mt_event_progression set last_updated = now() + interval '10 minutes' where name = '{HashChainProjection.Name}:All'"));

            var page = await browser.NewPageAsync();
            await SignInAsync(page, w.AuditorKey);
            await page.GotoAsync("/verification");
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("intact");
            await Assertions.Expect(page.GetByTestId("chain-catching-up")).ToHaveTextAsync(
                "The chain is catching up (after a large import, for example) and advancing. Events recorded more than 60 s ago still to link: 1. " +
                "What it has linked is intact; verify again once it has caught up to cover them too.");
            await VisitedAsync(page, browser, "en-auditor-verification-catching-up");

            var zh = await browser.NewPageAsync("zh-CN");
            await SignInAsync(zh, w.AuditorKey);
            await zh.GotoAsync("/verification");
            await zh.GetByRole(AriaRole.Button, new() { Name = "立即校验哈希链" }).ClickAsync();
            await Assertions.Expect(zh.GetByTestId("chain-state")).ToHaveTextAsync("完整");
            await Assertions.Expect(zh.GetByTestId("chain-catching-up")).ToContainTextAsync("记录于 60 秒之前、尚待入链的事件：1 个。");
            await VisitedAsync(zh, browser, "zh-auditor-verification-catching-up");

            await coordinator.ResumeAsync();
            await data.WaitForLink(unchained);
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("intact");
            await Assertions.Expect(page.GetByTestId("chain-catching-up")).ToHaveCountAsync(0);
        }
        finally
        {
            await coordinator.ResumeAsync();
        }

        async Task<long> LatestOf(Guid consortium)
        {
            await using var latest = data.CreateCommand("select max(seq_id) from ledger.mt_events where tenant_id = $1");
            latest.Parameters.Add(new NpgsqlParameter { Value = consortium.ToString("D") });
            return (long)(await latest.ExecuteScalarAsync(ct))!;
        }

        async Task<int> Execute(string sql, params object[] args)
        {
            await using var command = data.CreateCommand(sql);
            foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
            return await command.ExecuteNonQueryAsync(ct);
        }
    }

    [Fact]
    public async Task An_auditor_reads_why_a_tampered_event_breaks_the_chain_in_English_and_in_Chinese()
    {
        var w = await ConsoleWorld.CreateAsync(browser);
        var data = browser.Services.GetRequiredService<NpgsqlDataSource>();
        var ct = TestContext.Current.CancellationToken;
        // The consortium's latest event, once the chain has linked it, then changed by hand in PostgreSQL.
        long sequence;
        await using (var latest = data.CreateCommand("select max(seq_id) from ledger.mt_events where tenant_id = $1"))
        {
            latest.Parameters.Add(new NpgsqlParameter { Value = w.Consortium.ToString("D") });
            sequence = (long)(await latest.ExecuteScalarAsync(ct))!;
        }
        await data.WaitForLink(sequence);
        await Tamper("jsonb_set(data, '{tampered}', 'true')");
        try
        {
            var page = await browser.NewPageAsync();
            await SignInAsync(page, w.AuditorKey);
            await page.GotoAsync("/verification");
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify the chain now" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("chain-state")).ToHaveTextAsync("broken");
            await Assertions.Expect(page.GetByTestId("chain-reason")).ToHaveTextAsync("The event's data or metadata no longer match the hash recorded for it.");

            var zh = await browser.NewPageAsync("zh-CN");
            await SignInAsync(zh, w.AuditorKey);
            await zh.GotoAsync("/verification");
            await zh.GetByRole(AriaRole.Button, new() { Name = "立即校验哈希链" }).ClickAsync();
            await Assertions.Expect(zh.GetByTestId("chain-state")).ToHaveTextAsync("已损坏");
            await Assertions.Expect(zh.GetByTestId("chain-reason")).ToHaveTextAsync("该事件的数据或元数据与其记录的哈希值不再一致。");
            await VisitedAsync(zh, browser, "zh-auditor-verification-broken");
        }
        finally
        {
            await Tamper("data - 'tampered'");
        }

        async Task Tamper(string change)
        {
            await using var command = data.CreateCommand($"update ledger.mt_events set data = {change} where seq_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = sequence });
            Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
        }
    }
}
