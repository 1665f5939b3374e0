using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Reconciliation;
using SharingLedger.Tests.Loans;
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
        var c = await Api.EstablishConsortium(currency: "USD");
        var ids = new[] { await Api.AdmitMember(c, "LIB-A"), await Api.AdmitMember(c, "LIB-B") };
        await Api.Ok(Api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2026-01-01", signatories = ids,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            costSharing = new Dictionary<string, object> { ["databases"] = new { rule = new { method = "equal" } } },
            lending = LoanScenario.DefaultFees(),
        }), 201);
        foreach (var resource in new[] { "中国知网", "万方数据" })
        {
            var sid = (await Api.Ok(Api.Post($"/consortia/{c}/subscriptions", new
            {
                vendor = "同方", resource, termStart = "2026-01-01", termEnd = "2026-12-31", price = new { amount = "300.00", currency = "USD" },
                participants = ids.Select(m => new { memberId = m }), sharingTerm = "databases",
            }), 201)).GetProperty("id").GetGuid();
            await Api.Ok(Api.Post($"/consortia/{c}/subscriptions/{sid}/invoices", new
            {
                invoiceNumber = $"INV-{resource}", invoiceDate = "2026-01-15", amount = new { amount = "300.00", currency = "USD" },
            }), 201);
        }

        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession(ConsortiumTenancy.TenantOf(c));
        var consortium = (await session.LoadAsync<Consortium>(c, TestContext.Current.CancellationToken))!;
        var report = await ReconciliationReports.BuildAsync(session, consortium, 2026, Host.Host.Services.GetServices<IReconciliationSource>(),
            TestContext.Current.CancellationToken);

        var shares = report.Lines.SelectMany(l => l.Shares).ToList();
        Assert.Equal(4, shares.Count); // two subscriptions of two members
        Assert.All(shares, s => Assert.Equal("150.00", s.Amount.ToDecimalString()));
        foreach (var member in shares.GroupBy(s => s.MemberId))
        {
            Assert.Equal(2, member.Count());
            Assert.Same(member.First().MemberCode, member.Last().MemberCode);
        }
        Assert.NotSame(shares.First(s => s.MemberCode == "LIB-A").MemberCode, shares.First(s => s.MemberCode == "LIB-B").MemberCode);
        Assert.All(shares, s => Assert.Same(shares[0].Amount.Currency, s.Amount.Currency));
        Assert.Same(report.Lines[0].Invoice!.Amount.Currency, shares[0].Amount.Currency);
    }
}
