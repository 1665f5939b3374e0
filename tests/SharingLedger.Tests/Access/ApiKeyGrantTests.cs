using SharingLedger.Infrastructure.Marten;
using Alba;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Access;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>The API key path fails closed like bearer tokens: no key acts as a member system without its member, or as an operator without being one.</summary>
public class ApiKeyGrantTests(LedgerHost host) : LedgerTest(host)
{
    [Theory]
    [InlineData("member")]
    [InlineData("finance,member")]
    [InlineData("finance,superuser")]
    public async Task An_operator_key_configured_with_the_member_role_or_an_unknown_role_stops_the_host(string roles)
    {
        var started = false;
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var misconfigured = await AlbaHost.For<Program>(b =>
            {
                b.UseSetting("ConnectionStrings:Ledger", Host.ConnectionString);
                b.UseSetting("Auth:OperatorKeys:0:Name", "misconfigured");
                b.UseSetting("Auth:OperatorKeys:0:Key", "misconfigured-operator-key-0123456789");
                b.UseSetting("Auth:OperatorKeys:0:Roles", roles);
                b.UseSetting("Projections:DaemonMode", "Disabled");
                b.UseEnvironment("Testing");
            });
            started = true;
        });
        Assert.False(started, "A host with an operator key holding '" + roles + "' started.");
        Assert.Contains("Auth:OperatorKeys", error?.ToString() ?? "");
    }

    [Fact]
    public async Task A_stored_member_key_without_its_member_is_refused_and_acts_for_no_one()
    {
        var s = await LoanScenario.WithDefaultFees(Host, Api, "OWN", "OTHER", "THIRD");
        var memberless = await StoredKey(s.ConsortiumId, [Roles.Member], member: null);
        var twoRoles = await StoredKey(s.ConsortiumId, [Roles.Member, Roles.Finance], member: s.Members["OWN"]);
        var noConsortium = await StoredKey(Guid.Empty, [Roles.Finance], member: null);
        var unknownRole = await StoredKey(s.ConsortiumId, ["superuser"], member: null);
        var loan = await s.Request("OTHER", "THIRD", type: "copy");

        foreach (var (label, key) in new[] { ("memberless", memberless), ("member+finance", twoRoles), ("empty consortium", noConsortium), ("unknown role", unknownRole) })
        {
            var created = await As(key, "POST", s.Url, new { borrowerId = s.Members["OTHER"], lenderId = s.Members["THIRD"], serviceType = "copy", serviceLevel = "normal", requestId = "REQ-" + Guid.NewGuid().ToString("N")[..12] });
            var read = await As(key, "GET", $"{s.Url}/{loan}");
            var list = await As(key, "GET", "/consortia");
            Assert.True((created, read, list) == (401, 401, 401), $"{label}: create {created}, read {read}, list {list}");
        }
    }

    /// <summary>Writes a key's issue event straight to the store, as an older or damaged record could be, and returns the key.</summary>
    private async Task<string> StoredKey(Guid consortium, string[] roles, Guid? member)
    {
        var id = Guid.CreateVersion7();
        var (key, hash) = ApiKeySecret.New(id);
        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().SessionFor(consortium);
        session.Events.StartStream<ApiKey>(id, new ApiKeyIssued(id, consortium, "stored", roles, member, hash, LedgerHost.Now));
        await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        return key;
    }

    private async Task<int> As(string key, string method, string url, object? body = null)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == "POST") s.Post.Json(body!).ToUrl(url);
            else s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", key);
        });
        return result.Context.Response.StatusCode;
    }
}
