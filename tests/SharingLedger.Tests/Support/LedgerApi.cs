using System.Text;
using System.Text.Json;
using Alba;

namespace SharingLedger.Tests.Support;

/// <summary>Talks to the hosted ledger over HTTP the way a client would: JSON in, JSON out.</summary>
public sealed class LedgerApi(IAlbaHost host)
{
    public async Task<(int Status, JsonElement Body)> Send(string method, string url, object? body = null, string? rawJson = null)
    {
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (rawJson is not null)
            {
                s.ConfigureHttpContext(c =>
                {
                    c.Request.Method = method;
                    c.Request.ContentType = "application/json";
                    c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(rawJson));
                    c.Request.ContentLength = Encoding.UTF8.GetByteCount(rawJson);
                    c.Request.Path = url;
                });
            }
            else if (method == "POST") s.Post.Json(body ?? new { }).ToUrl(url);
            else s.Get.Url(url);
        });
        var text = await result.ReadAsTextAsync();
        var json = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (result.Context.Response.StatusCode, json);
    }

    public Task<(int Status, JsonElement Body)> Post(string url, object body) => Send("POST", url, body);
    public Task<(int Status, JsonElement Body)> PostRaw(string url, string json) => Send("POST", url, rawJson: json);
    public Task<(int Status, JsonElement Body)> Get(string url) => Send("GET", url);

    /// <summary>Every item of a paged list, read a page of 500 at a time (the lists answer 100 by default).</summary>
    public async Task<List<JsonElement>> All(string url)
    {
        var items = new List<JsonElement>();
        var separator = url.Contains('?') ? '&' : '?';
        while (true)
        {
            var page = await Ok(Get($"{url}{separator}limit=500&offset={items.Count}"));
            items.AddRange(page.EnumerateArray());
            if (page.GetArrayLength() < 500) return items;
        }
    }

    public async Task<JsonElement> Ok(Task<(int Status, JsonElement Body)> call, int expected = 200)
    {
        var (status, body) = await call;
        Assert.True(status == expected, $"Expected {expected} but got {status}: {body}");
        return body;
    }

    // ---- the foundation's facts, with sensible defaults so each test states only what it is about ----

    public async Task<Guid> EstablishConsortium(string currency = "USD", int fiscalYearStartMonth = 1, string organisation = "parallel", string governance = "council")
    {
        var body = await Ok(Post("/consortia", new
        {
            name = "Test consortium " + Guid.NewGuid().ToString("N")[..6], region = "Test region",
            organisationModel = organisation, governanceModel = governance, baseCurrency = currency,
            fiscalYearStartMonth, timeZone = "Asia/Shanghai",
        }), 201);
        return body.GetProperty("id").GetGuid();
    }

    public async Task<Guid> AdmitMember(Guid consortiumId, string code, decimal fte = 1000, long population = 50000,
        string budget = "100000.00", string currency = "USD", string effectiveFrom = "2025-01-01", string kind = "academic", Guid? hubId = null)
    {
        var body = await Ok(Post($"/consortia/{consortiumId}/members", new
        {
            code, name = $"Library {code}", kind, fte, population,
            materialsBudget = new { amount = budget, currency }, hubId, effectiveFrom,
        }), 201);
        return body.GetProperty("id").GetGuid();
    }

    public Task<(int Status, JsonElement Body)> AdoptAgreement(Guid consortiumId, IEnumerable<Guid> signatories, object rule,
        string annualAmount = "100000.00", string currency = "USD", int version = 1, string effectiveFrom = "2025-01-01") =>
        Post($"/consortia/{consortiumId}/agreement/versions", new
        {
            version, effectiveFrom, signatories,
            dues = new { annualAmount = new { amount = annualAmount, currency }, rule },
        });

    public Task<(int Status, JsonElement Body)> AssessDues(Guid consortiumId, int fiscalYear) =>
        Post($"/consortia/{consortiumId}/dues", new { fiscalYear });

    public Task<(int Status, JsonElement Body)> Obligations(Guid consortiumId, Guid memberId, int fiscalYear) =>
        Get($"/consortia/{consortiumId}/members/{memberId}/obligations?fiscalYear={fiscalYear}");

    // ---- co-construction collecting plan ----

    public async Task<Guid> EstablishCoConstructionConsortium(int fiscalYearStartMonth, string timeZone = "Asia/Shanghai", string currency = "USD")
    {
        var body = await Ok(Post("/consortia", new
        {
            name = "Co-construction " + Guid.NewGuid().ToString("N")[..6], region = "Test region",
            organisationModel = "parallel", governanceModel = "coConstruction", baseCurrency = currency, fiscalYearStartMonth, timeZone,
        }), 201);
        return body.GetProperty("id").GetGuid();
    }

    public Task<(int Status, JsonElement Body)> AssignCollecting(Guid consortiumId, int fiscalYear, Guid? memberId, string subject,
        string budget, string currency = "USD", string? format = null) =>
        Post($"/consortia/{consortiumId}/collecting/{fiscalYear}/assignments", new
        {
            memberId, subject, format, committedBudget = new { amount = budget, currency },
        });

    public async Task<Guid> Assigned(Guid consortiumId, int fiscalYear, Guid memberId, string subject, string budget, string? format = null) =>
        (await Ok(AssignCollecting(consortiumId, fiscalYear, memberId, subject, budget, format: format), 201)).GetProperty("id").GetGuid();

    public Task<(int Status, JsonElement Body)> ReportSpend(Guid consortiumId, int fiscalYear, Guid assignmentId, string amount,
        string reportedOn = "2026-11-01", string? note = null, string currency = "USD") =>
        Post($"/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/spend", new
        {
            amount = new { amount, currency }, reportedOn, note,
        });

    public Task<(int Status, JsonElement Body)> WithdrawAssignment(Guid consortiumId, int fiscalYear, Guid assignmentId, string reason = "Plan revised") =>
        Post($"/consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/withdrawal", new { reason });

    public Task<(int Status, JsonElement Body)> CollectingPlan(Guid consortiumId, int fiscalYear) =>
        Get($"/consortia/{consortiumId}/collecting/{fiscalYear}");

    public Task<(int Status, JsonElement Body)> SubjectHoldings(Guid consortiumId, string subject) =>
        Get($"/consortia/{consortiumId}/collecting/holdings?subject={Uri.EscapeDataString(subject)}");

    // ---- joint procurement ----

    /// <summary>Adopts an agreement version with named cost-sharing terms (and token equal dues, which these tests do not assess).</summary>
    public Task<(int Status, JsonElement Body)> AdoptAgreementWithTerms(Guid consortiumId, IEnumerable<Guid> signatories, object costSharing,
        string currency = "USD", int version = 1, string effectiveFrom = "2025-01-01") =>
        Post($"/consortia/{consortiumId}/agreement/versions", new
        {
            version, effectiveFrom, signatories,
            dues = new { annualAmount = new { amount = "1000.00", currency }, rule = new { method = "equal" } },
            costSharing,
        });

    public Task<(int Status, JsonElement Body)> ProposeProcurement(Guid consortiumId, string sharingTerm, string commitmentDeadline,
        IEnumerable<Guid>? invitedMembers = null, string estimate = "10000.00", string currency = "USD",
        string subject = "Chemistry e-books", string title = "Chemistry e-book package") =>
        Post($"/consortia/{consortiumId}/procurements", new
        {
            title, subject, estimatedCost = new { amount = estimate, currency }, sharingTerm, commitmentDeadline, invitedMembers,
        });

    public Task<(int Status, JsonElement Body)> AnswerProcurement(Guid consortiumId, Guid procurementId, Guid memberId, string decision) =>
        Post($"/consortia/{consortiumId}/procurements/{procurementId}/commitments", new { memberId, decision });

    public Task<(int Status, JsonElement Body)> AwardProcurement(Guid consortiumId, Guid procurementId, string actualCost,
        string currency = "USD", string vendor = "Acme Academic Books") =>
        Post($"/consortia/{consortiumId}/procurements/{procurementId}/award", new { vendor, actualCost = new { amount = actualCost, currency } });

    public Task<(int Status, JsonElement Body)> InvoiceProcurement(Guid consortiumId, Guid procurementId, string amount, string currency = "USD",
        decimal? rateToBase = null, string invoiceDate = "2026-11-27", string invoiceNumber = "INV-1") =>
        Post($"/consortia/{consortiumId}/procurements/{procurementId}/invoice", new
        {
            invoiceNumber, invoiceDate, amount = new { amount, currency }, rateToBase,
        });

    public Task<(int Status, JsonElement Body)> Procurement(Guid consortiumId, Guid procurementId) =>
        Get($"/consortia/{consortiumId}/procurements/{procurementId}");
}
