using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Reconciliation;
using SharingLedger.Tests.Subscriptions;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Reconciliation;

/// <summary>
/// A year's reconciliation is kept by each node (at national size 200,000 shares and more): the shares of one member keep one string
/// for its code across every cost, and every amount one string for its currency, instead of one string each as the documents are read.
/// </summary>
public class KeptReportTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task A_members_code_and_a_currency_are_one_string_in_every_share()
    {
        var s = await SubscriptionScenario.Create(Api, new { rule = new { method = "equal" } }, "CNY", ("LIB-A", 1, "1.00"), ("LIB-B", 1, "1.00"));
        foreach (var resource in new[] { "中国知网", "万方数据" })
            await Api.Ok(s.Invoice(await s.Contract("300.00", s.Participants("LIB-A", "LIB-B"), resource: resource), "300.00"), 201);

        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(s.ConsortiumId));
        var consortium = (await session.LoadAsync<Consortium>(s.ConsortiumId, TestContext.Current.CancellationToken))!;
        var report = await ReconciliationReports.BuildAsync(session, consortium, 2026, Host.Host.Services.GetServices<IReconciliationSource>(),
            TestContext.Current.CancellationToken);

        var shares = report.Lines.SelectMany(l => l.Shares).ToList();
        Assert.Equal(4, shares.Count); // two subscriptions of two members
        Assert.All(shares, x => Assert.Equal("150.00", x.Amount.ToDecimalString()));
        foreach (var member in shares.GroupBy(x => x.MemberId))
        {
            Assert.Equal(2, member.Count());
            Assert.Same(member.First().MemberCode, member.Last().MemberCode);
        }
        Assert.NotSame(shares.First(x => x.MemberCode == "LIB-A").MemberCode, shares.First(x => x.MemberCode == "LIB-B").MemberCode);
        Assert.All(shares, x => Assert.Same(shares[0].Amount.Currency, x.Amount.Currency));
        Assert.Same(report.Lines[0].Invoice!.Amount.Currency, shares[0].Amount.Currency);
    }
}
