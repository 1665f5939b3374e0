using SharingLedger.Infrastructure.Marten;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Tests.Support;
using SharingLedger.Clearing;
using SharingLedger.Reimbursement;
using SharingLedger.LendingDuties;
using SharingLedger.Kernel.Lending;
using SharingLedger.Agreements;

namespace SharingLedger.Tests.Loans;

/// <summary>
/// A consortium whose agreement (version 1, from 2025-01-01) has a lending fee schedule, and a client for the loan,
/// clearing and reimbursement endpoints. Members are academic unless given as "CODE:kind".
/// </summary>
public sealed class LoanScenario(LedgerHost host, LedgerApi api, Guid consortiumId, Dictionary<string, Guid> members)
{
    public LedgerApi Api { get; } = api;
    public Guid ConsortiumId { get; } = consortiumId;
    public Dictionary<string, Guid> Members { get; } = members;
    public string Url => $"/consortia/{ConsortiumId}/loans";

    public static object Usd(string amount) => new { amount, currency = "USD" };

    /// <summary>normal 15.00 a loan / 0.20 a page, rush 20.00 / 0.40, express 25.00 / 0.60; 10 free pages; fee 0.26; lost items 30 and 60 days.</summary>
    public static Dictionary<string, object?> DefaultFees(IReadOnlyList<IReadOnlyList<Guid>>? reciprocalGroups = null) => new()
    {
        ["prices"] = new object[]
        {
            new { serviceLevel = "normal", perLoan = Usd("15.00"), perPage = Usd("0.20") },
            new { serviceLevel = "rush", perLoan = Usd("20.00"), perPage = Usd("0.40") },
            new { serviceLevel = "express", perLoan = Usd("25.00"), perPage = Usd("0.60") },
        },
        ["freePagesPerCopy"] = 10,
        ["reciprocalGroups"] = reciprocalGroups,
        ["transactionFee"] = Usd("0.26"),
        ["lostItems"] = new { noticeDays = 30, billingDays = 60 },
    };

    /// <summary>Creates the consortium (USD, calendar fiscal years) and its members, and adopts the agreement with <paramref name="lending"/> (given the member ids; null: no lending terms).</summary>
    public static async Task<LoanScenario> Create(LedgerHost host, LedgerApi api, Func<Dictionary<string, Guid>, object?>? lending, params string[] members)
    {
        var c = await api.EstablishConsortium(currency: "USD");
        var ids = new Dictionary<string, Guid>();
        foreach (var m in members)
        {
            var parts = m.Split(':');
            ids[parts[0]] = await api.AdmitMember(c, parts[0], kind: parts.Length > 1 ? parts[1] : "academic");
        }
        await api.Ok(api.Post($"/consortia/{c}/agreement/versions", new
        {
            version = 1, effectiveFrom = "2025-01-01", signatories = ids.Values,
            dues = new { annualAmount = new { amount = "1000.00", currency = "USD" }, rule = new { method = "equal" } },
            lending = lending?.Invoke(ids),
        }), 201);
        return new LoanScenario(host, api, c, ids);
    }

    public static Task<LoanScenario> WithDefaultFees(LedgerHost host, LedgerApi api, params string[] members) =>
        Create(host, api, _ => DefaultFees(), members);

    public Task<(int Status, JsonElement Body)> Requesting(string borrower, string lender, string type = "loan", string level = "normal",
        string? maxCost = null, string? requestId = null, string? on = null) =>
        Api.Post(Url, new
        {
            borrowerId = Members[borrower], lenderId = Members[lender], serviceType = type, serviceLevel = level,
            requestId = requestId ?? "REQ-" + Guid.NewGuid().ToString("N")[..8], maxCost = maxCost is null ? null : Usd(maxCost), on,
        });

    public async Task<Guid> Request(string borrower, string lender, string type = "loan", string level = "normal", string? maxCost = null,
        string? requestId = null, string? on = null) =>
        (await Api.Ok(Requesting(borrower, lender, type, level, maxCost, requestId, on), 201)).GetProperty("id").GetGuid();

    public Task<(int Status, JsonElement Body)> Act(Guid loan, string action, object? body = null) =>
        Api.Post($"{Url}/{loan}/{action}", body ?? new { });

    /// <summary>Performs the action and expects 200.</summary>
    public Task<JsonElement> Do(Guid loan, string action, object? body = null) => Api.Ok(Act(loan, action, body));

    /// <summary>Requests and ships a loan on the given day (charge posts then).</summary>
    public async Task<Guid> Shipped(string borrower, string lender, string on, string level = "normal", string? maxCost = null)
    {
        var loan = await Request(borrower, lender, level: level, maxCost: maxCost, on: on);
        await Do(loan, "shipped", new { on });
        return loan;
    }

    public Task<JsonElement> Loan(Guid loan) => Api.Ok(Api.Get($"{Url}/{loan}"));

    public async Task<string> State(Guid loan) => (await Loan(loan)).GetProperty("state").GetString()!;

    public Task<(int Status, JsonElement Body)> Clearing(string month) => Api.Get($"/consortia/{ConsortiumId}/clearing/{month}");

    public Task<(int Status, JsonElement Body)> Settle(string month) => Api.Post($"/consortia/{ConsortiumId}/clearing/{month}/settlement", new { });

    /// <summary>The net position per member code in a clearing answer, and the fund.</summary>
    public static Dictionary<string, string> Nets(JsonElement clearing)
    {
        var nets = clearing.GetProperty("positions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("memberCode").GetString()!, p => p.GetProperty("net").GetProperty("amount").GetString()!);
        nets["_fund"] = clearing.GetProperty("fund").GetProperty("amount").GetString()!;
        return nets;
    }

    /// <summary>The version of the loan's event stream as stored, read past the HTTP API (null: no stream).</summary>
    public async Task<long?> StoredVersion(Guid loan)
    {
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(ConsortiumId);
        return (await session.Events.FetchStreamStateAsync(loan))?.Version;
    }

    /// <summary>How many loan streams the consortium has, read past the HTTP API.</summary>
    public async Task<int> LoanCount()
    {
        await using var session = host.Host.Services.GetRequiredService<IDocumentStore>().QueryFor(ConsortiumId);
        return await session.Query<SharingLedger.Loans.Loan>().CountAsync(l => l.ConsortiumId == ConsortiumId);
    }

    public static string Amount(JsonElement e, string property) => e.GetProperty(property).GetProperty("amount").GetString()!;
}
