using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit3;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Dues;

/// <summary>The whole shape of the answers a finance officer reads, pinned so that any change to it is deliberate.</summary>
public class DuesSnapshotTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Dues_assessment_and_obligations_bodies()
    {
        var c = await Api.EstablishConsortium(currency: "EUR");
        var a = await Api.AdmitMember(c, "A", fte: 12000, budget: "250000.00", currency: "EUR");
        var b = await Api.AdmitMember(c, "B", fte: 6000, budget: "90000.00", currency: "EUR");
        var d = await Api.AdmitMember(c, "C", fte: 2000, budget: "10000.00", currency: "EUR");
        await Api.Ok(Api.AdoptAgreement(c, [a, b, d], new
        {
            method = "weighted", equalBase = 0.2m, weights = new Dictionary<string, decimal> { ["fte"] = 0.5m, ["budget"] = 0.5m },
        }, annualAmount: "45000.00", currency: "EUR"), 201);

        var assessment = await Api.Ok(Api.AssessDues(c, 2026), 201);
        var obligations = await Api.Ok(Api.Obligations(c, b, 2026));

        Snapshot.Match(JToken.Parse(assessment.GetRawText()), SnapshotNameExtension.Create("assessment"), IgnoreIds);
        Snapshot.Match(JToken.Parse(obligations.GetRawText()), SnapshotNameExtension.Create("obligations"), IgnoreIds);
    }

    private static MatchOptions IgnoreIds(MatchOptions o) => o
        .IgnoreAllFields("id").IgnoreAllFields("sourceId").IgnoreAllFields("consortiumId").IgnoreAllFields("memberId").IgnoreAllFields("agreementId")
        .IgnoreAllFields("ledgerItemId"); // "dues:{the assessment's id}"
}
