using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Iso18626;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Iso18626;

/// <summary>
/// An ISO 18626 message reads the members its agency ids name, found by PostgreSQL among the consortium's members, not every member
/// (docs/decisions.md, "An ISO 18626 message reads the members it names").
/// </summary>
public class Iso18626AgenciesTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task The_members_named_are_found_as_type_and_value_or_the_bare_value_ignoring_case_and_no_other()
    {
        // A is configured as "ISIL:US-AAA", B as the bare "us-bbb"; C gets ids that only look alike.
        var (s, _) = await Iso18626IntakeTests.Setup(Host, Api);
        await Api.Ok(Api.Post($"/consortia/{s.ConsortiumId}/members/{s.Members["C"]}/identifiers", new { illAgencyIds = new[] { "ISIL:US-AAAB", "US-BB" } }));

        await using var session = Host.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(ConsortiumTenancy.TenantOf(s.ConsortiumId));
        var found = await Iso18626Agencies.CandidatesAsync(session, s.ConsortiumId,
            [new AgencyId("isil", "us-aaa"), new AgencyId("ISIL", "US-BBB")], TestContext.Current.CancellationToken);

        Assert.Equal(new[] { s.Members["A"], s.Members["B"] }.Order(), found.Select(m => m.Id).Order());
    }
}
