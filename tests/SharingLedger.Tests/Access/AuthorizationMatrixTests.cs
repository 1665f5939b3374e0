using System.Reflection;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Access;
using SharingLedger.Tests.Support;
using Wolverine.Http;

namespace SharingLedger.Tests.Access;

/// <summary>
/// What each role may do, per capability, stated here as this test's own table (<see cref="Promise"/>), checked against
/// the running host: every endpoint it maps declares its access ([Allow] or [AllowAnonymous]) and is in the table, and
/// every role (and a platform operator) calling every endpoint with its own, another member's and a foreign consortium's
/// ids gets what the table promises: 401 without credentials, 403 for a role not allowed, 404 for someone else's data,
/// and otherwise an answer that is not an access refusal (2xx, or a 4xx about the input).
/// </summary>
public class AuthorizationMatrixTests(LedgerHost host) : LedgerTest(host)
{
    private const string Open = "open";
    private const string Everyone = "member finance auditor admin";
    private const string Staff = "finance auditor admin";
    private const string Finance = "finance";
    private const string Auditor = "auditor";
    private const string Admin = "admin";
    private const string MemberOrFinance = "member finance";
    /// <summary>Prefix: only a platform operator (a configured operator key, no consortium) holding one of the roles.</summary>
    private const string OperatorOnly = "operator: ";

    /// <summary>
    /// Who may call what. A member system (role member) is further held to its own member: on a route naming a member,
    /// another member is a 404, as an unknown one is. Everyone but an operator is held to its own consortium the same way.
    /// </summary>
    private static readonly Dictionary<string, string> Promise = new(StringComparer.Ordinal)
    {
        // The API as a product: open.
        ["GET /health/live"] = Open,
        ["GET /health/ready"] = Open,
        ["GET /openapi/{documentName}.json"] = Open,

        // Consortia: an operator establishes and lists them; everyone reads its own.
        ["POST /consortia"] = OperatorOnly + Admin,
        ["GET /consortia"] = OperatorOnly + Staff,
        ["GET /consortia/{consortiumId}"] = Everyone,

        // Members: administrators run them; staff list them with their figures; everyone reads the directory (no figures); a member reads itself.
        ["GET /consortia/{consortiumId}/members"] = Staff,
        ["GET /consortia/{consortiumId}/directory"] = Everyone,
        ["POST /consortia/{consortiumId}/members"] = Admin,
        ["POST /consortia/{consortiumId}/external-libraries"] = Admin, // a library outside the consortium, registered as a party to loans
        ["GET /consortia/{consortiumId}/members/{memberId}"] = Everyone,
        ["POST /consortia/{consortiumId}/members/{memberId}/details"] = Admin,
        ["POST /consortia/{consortiumId}/members/{memberId}/identifiers"] = Admin,
        ["POST /consortia/{consortiumId}/members/{memberId}/withdrawal"] = Admin,

        // What a member owes, its history and its savings: everyone, a member for itself.
        ["GET /consortia/{consortiumId}/members/{memberId}/history"] = Everyone,
        ["GET /consortia/{consortiumId}/members/{memberId}/obligations"] = Everyone,
        ["GET /consortia/{consortiumId}/members/{memberId}/savings"] = Everyone,

        // Agreements: administrators adopt; everyone reads. Restatements: finance re-prices; staff read.
        ["GET /consortia/{consortiumId}/agreement"] = Everyone,
        ["POST /consortia/{consortiumId}/agreement/versions"] = Admin,
        ["POST /consortia/{consortiumId}/agreement/versions/{version}/restatement"] = Finance,
        ["GET /consortia/{consortiumId}/agreement/versions/{version}/restatement"] = Staff,
        ["GET /consortia/{consortiumId}/agreement/versions/{version}/restatement.csv"] = Staff,

        // API keys: administrators only.
        ["GET /consortia/{consortiumId}/api-keys"] = Admin,
        ["POST /consortia/{consortiumId}/api-keys"] = Admin,
        ["POST /consortia/{consortiumId}/api-keys/{keyId}/rotation"] = Admin,
        ["POST /consortia/{consortiumId}/api-keys/{keyId}/revocation"] = Admin,

        // Dues: finance assesses; staff read.
        ["POST /consortia/{consortiumId}/dues"] = Finance,
        ["GET /consortia/{consortiumId}/dues/{fiscalYear}"] = Staff,

        // Shared subscriptions and reconciliation: finance records; staff read.
        ["GET /consortia/{consortiumId}/subscriptions"] = Staff,
        ["POST /consortia/{consortiumId}/subscriptions"] = Finance,
        ["GET /consortia/{consortiumId}/subscriptions/{subscriptionId}"] = Staff,
        ["GET /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/shares"] = Staff,
        ["GET /consortia/{consortiumId}/members/{memberId}/subscriptions"] = Everyone, // a member: the ones it takes part in, its own share only
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/invoices"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/participants"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/participants/{memberId}/leave"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/usage"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/usage/counter"] = Finance,
        // SUSHI harvesting: finance sets the connection and harvests; staff read the connection (never its secrets) and the log.
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi"] = Finance,
        ["GET /consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi"] = Staff,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi/harvests"] = Finance,
        ["GET /consortia/{consortiumId}/subscriptions/{subscriptionId}/sushi/harvests"] = Staff,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/renewals"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/cancellation"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/apportionments"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/payments"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/voiding"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/split-decision"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/vendor-credit/refunds"] = Finance,
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/vendor-credit/applications"] = Finance,
        ["GET /consortia/{consortiumId}/vendor-payables"] = Staff,
        ["POST /consortia/{consortiumId}/vendor-payments"] = Finance,
        ["GET /consortia/{consortiumId}/reconciliation"] = Staff,
        ["GET /consortia/{consortiumId}/reconciliation.csv"] = Staff,

        // Joint procurement: finance proposes, awards and invoices; a member reads the offers it is invited to and commits for itself.
        ["GET /consortia/{consortiumId}/procurements"] = Everyone, // a member system: the offers it is invited to, its own answer and share
        ["POST /consortia/{consortiumId}/procurements"] = Finance,
        ["GET /consortia/{consortiumId}/procurements/{procurementId}"] = Everyone, // a member system: one it is invited to (else 404)
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/commitments"] = MemberOrFinance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/award"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice/payments"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice/voiding"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/split-decision"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/vendor-credit/refunds"] = Finance,
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/vendor-credit/applications"] = Finance,

        // Cooperative collecting: administrators assign and withdraw; finance reports spend; staff read.
        ["GET /consortia/{consortiumId}/collecting/{fiscalYear}"] = Staff,
        ["GET /consortia/{consortiumId}/collecting/holdings"] = Staff,
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments"] = Admin,
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/withdrawal"] = Admin,
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/spend"] = Finance,

        // Interlibrary loans: a member system requests and acts for itself (the endpoint checks it is the party); staff read.
        ["POST /consortia/{consortiumId}/loans"] = MemberOrFinance,
        ["POST /consortia/{consortiumId}/loans/import"] = Finance, // loan history in bulk: finance only
        ["GET /consortia/{consortiumId}/loans"] = Everyone, // a member system: the loans it borrowed or lent
        ["GET /consortia/{consortiumId}/loans/{loanId}"] = Everyone,
        ["POST /consortia/{consortiumId}/loans/{loanId}/{action}"] = MemberOrFinance,
        ["GET /consortia/{consortiumId}/members/{memberId}/lending"] = Everyone,
        ["GET /consortia/{consortiumId}/clearing/{month}"] = Staff,
        ["GET /consortia/{consortiumId}/members/{memberId}/clearing-lines"] = Everyone, // its own line of each settled month
        ["POST /consortia/{consortiumId}/clearing/{month}/settlement"] = Finance,
        ["GET /consortia/{consortiumId}/reimbursement/{fiscalYear}"] = Everyone, // a member system: the totals and its own line
        ["POST /consortia/{consortiumId}/reimbursement/{fiscalYear}/documented-costs"] = Finance,
        ["POST /consortia/{consortiumId}/reimbursement/{fiscalYear}/payout"] = Finance,
        ["POST /consortia/{consortiumId}/iso18626"] = MemberOrFinance,
        ["GET /consortia/{consortiumId}/ill-statistics"] = Everyone, // a member system: the consortium's totals and its own

        // Member accounts: finance records money (and gives it back); a member disputes its own items; the auditor writes off; statements for
        // everyone (a member its own), balances and the ledger of postings for staff.
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payments"] = Finance,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/credit-notes"] = Finance,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/disputes"] = MemberOrFinance,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/disputes/{disputeId}/resolution"] = Finance,
        ["GET /consortia/{consortiumId}/disputes"] = Everyone, // a member system: its own
        ["POST /consortia/{consortiumId}/members/{memberId}/account/write-offs"] = Auditor,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payments/{paymentId}/reversal"] = Finance,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/refunds"] = Finance,
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payable-settlements"] = Finance,
        ["GET /consortia/{consortiumId}/members/{memberId}/statement"] = Everyone,
        ["GET /consortia/{consortiumId}/members/{memberId}/statement.csv"] = Everyone,
        ["GET /consortia/{consortiumId}/members/{memberId}/statement.xlsx"] = Everyone,
        ["GET /consortia/{consortiumId}/balances"] = Staff,
        ["GET /consortia/{consortiumId}/balances.csv"] = Staff,
        ["GET /consortia/{consortiumId}/balances.xlsx"] = Staff,
        ["GET /consortia/{consortiumId}/postings"] = Staff,
        ["GET /consortia/{consortiumId}/postings.csv"] = Staff,
        ["GET /consortia/{consortiumId}/postings.xlsx"] = Staff,

        // In-kind contributions: finance records them.
        ["POST /consortia/{consortiumId}/members/{memberId}/in-kind-contributions"] = Finance,

        // Audit: the auditor verifies the chain and closes and reopens periods; staff read the periods.
        ["GET /consortia/{consortiumId}/audit/verification"] = Auditor,
        ["GET /consortia/{consortiumId}/periods"] = Staff,
        ["POST /consortia/{consortiumId}/periods/{period}/closing"] = Auditor,
        ["POST /consortia/{consortiumId}/periods/{period}/reopening"] = Auditor,
    };

    private sealed record Route(string Method, string Template, RouteEndpoint Endpoint)
    {
        public string Key => $"{Method} {Template}";
    }

    private IReadOnlyList<Route> Endpoints() =>
        Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Route(m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), e)))
            // The interactive reference is mapped in development and the demo only: ApiReferenceTests checks it is open.
            .Where(e => !e.Template.StartsWith("/scalar", StringComparison.Ordinal))
            // The web console's pages authorize themselves (its cookie session and roles); ConsoleJourneyTests checks them.
            .Where(e => e.Endpoint.Metadata.GetMetadata<SharingLedger.WebConsole.ConsoleEndpoint>() is null)
            .DistinctBy(e => e.Key)
            .ToList();

    [Fact]
    public void Every_endpoint_declares_its_access_and_is_in_this_tests_table()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count > 70, $"only {endpoints.Count} endpoints found");
        var undeclared = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                                              && e.Endpoint.Metadata.GetMetadata<AllowAttribute>() is null).Select(e => e.Key).ToList();
        Assert.True(undeclared.Count == 0, "No [Allow] or [AllowAnonymous] on: " + string.Join("; ", undeclared));
        var unpromised = endpoints.Where(e => !Promise.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        Assert.True(unpromised.Count == 0, "Not in this test's table (say who may call it): " + string.Join("; ", unpromised));
        var gone = Promise.Keys.Except(endpoints.Select(e => e.Key)).ToList();
        Assert.True(gone.Count == 0, "In this test's table but not mapped: " + string.Join("; ", gone));
    }

    [Fact]
    public void Wolverine_carries_the_declaration_from_the_method_and_from_the_class_into_the_endpoint()
    {
        var chains = Endpoints().Select(e => (e.Key, Chain: e.Endpoint.Metadata.GetMetadata<HttpChain>(), e.Endpoint)).Where(e => e.Chain is not null).ToList();
        var onMethod = chains.Where(c => c.Chain!.Method.Method.GetCustomAttribute<AllowAttribute>() is not null).ToList();
        var onClass = chains.Where(c => c.Chain!.Method.HandlerType.GetCustomAttribute<AllowAttribute>() is not null).ToList();
        Assert.NotEmpty(onMethod);
        Assert.Contains(onClass, c => c.Key == "GET /consortia/{consortiumId}/postings");
        Assert.All(onMethod.Concat(onClass), c => Assert.Single(c.Endpoint.Metadata.OfType<AllowAttribute>()));
        // The host's own check at start: each Wolverine endpoint declares exactly one [Allow] or [AllowAnonymous].
        Assert.All(chains, c => Assert.Null(AccessDeclarations.Problem(c.Chain!.Method.HandlerType, c.Chain.Method.Method)));
    }

    [Fact]
    public void The_host_refuses_to_start_with_an_endpoint_that_declares_nothing_twice_or_a_bare_authorize()
    {
        Assert.Equal("no access declaration", AccessDeclarations.Problem(typeof(Undeclared), typeof(Undeclared).GetMethod(nameof(Undeclared.Get))!));
        Assert.Equal("2 access declarations", AccessDeclarations.Problem(typeof(Twice), typeof(Twice).GetMethod(nameof(Twice.Get))!));
        Assert.Contains("AuthorizeAttribute", AccessDeclarations.Problem(typeof(Bare), typeof(Bare).GetMethod(nameof(Bare.Get))!));
        Assert.Null(AccessDeclarations.Problem(typeof(Declared), typeof(Declared).GetMethod(nameof(Declared.Get))!));
    }

    [Fact]
    public async Task Each_role_gets_what_the_table_promises_with_own_and_foreign_ids()
    {
        var p = await Principals.Create(Api);
        var foreign = await Api.EstablishConsortium();
        var keys = new Dictionary<string, string>(p.Keys) { ["operator"] = LedgerHost.OperatorKey, ["anonymous"] = "" };
        var failures = new List<string>();

        foreach (var route in Endpoints())
        {
            var promise = Promise[route.Key];
            foreach (var (role, key) in keys)
            {
                foreach (var (scope, consortium, member) in new[]
                         {
                             ("own", p.Consortium, p.OwnMember),
                             ("other-member", p.Consortium, p.OtherMember),
                             ("foreign-consortium", foreign, p.OwnMember),
                         })
                {
                    var url = route.Template.Replace("{consortiumId}", consortium.ToString()).Replace("{memberId}", member.ToString())
                        .Replace("{fiscalYear}", "2026").Replace("{term}", "1").Replace("{month}", "2026-01").Replace("{documentName}", "v1");
                    url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]+\}", Guid.NewGuid().ToString());
                    var (status, detail) = await Call(route.Method, url, key);
                    var (ok, want) = Expected(promise, role, scope, route.Template, consortium, member, status, detail);
                    if (!ok) failures.Add($"{role} {scope} {route.Key} -> {status} {detail} (expected {want})");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_member_asking_for_another_member_gets_the_answer_an_unknown_member_gets()
    {
        var p = await Principals.Create(Api);
        var unknown = Guid.NewGuid();
        var others = await Call("GET", $"/consortia/{p.Consortium}/members/{p.OtherMember}/obligations?fiscalYear=2026", p.Keys["member"]);
        var nobody = await Call("GET", $"/consortia/{p.Consortium}/members/{unknown}/obligations?fiscalYear=2026", p.Keys["finance"]);
        Assert.Equal((404, $"There is no member with id {p.OtherMember}."), others);
        Assert.Equal((404, $"There is no member with id {unknown}."), nobody);

        var foreign = await Api.EstablishConsortium();
        var unknownConsortium = Guid.NewGuid();
        Assert.Equal((404, $"There is no consortium with id {foreign}."), await Call("GET", $"/consortia/{foreign}", p.Keys["finance"]));
        Assert.Equal((404, $"There is no consortium with id {unknownConsortium}."), await Call("GET", $"/consortia/{unknownConsortium}", LedgerHost.OperatorKey));
    }

    /// <summary>
    /// What the table promises for one call: open endpoints never refuse for access; without credentials 401; a role the
    /// table does not name (or not an operator where one is needed) 403; another consortium's or (for a member system)
    /// another member's data 404, worded as for an unknown id; else no refusal: not 401/403, no server error, and no 404
    /// naming the caller's own consortium or member (which exist, so such a 404 could only be a refusal).
    /// </summary>
    private static (bool Ok, string Want) Expected(string promise, string role, string scope, string template, Guid consortium, Guid member,
        int status, string detail)
    {
        if (promise == Open) return (status is not (401 or 403) && status < 500, "not refused");
        if (role == "anonymous") return (status == 401, "401");
        var operatorOnly = promise.StartsWith(OperatorOnly, StringComparison.Ordinal);
        var allowed = promise.Replace(OperatorOnly, "").Split(' ');
        var holds = role == "operator" ? allowed.Intersect(["finance", "auditor", "admin"]).Any() : allowed.Contains(role);
        if (!holds || operatorOnly && role != "operator") return (status == 403, "403");
        if (role != "operator" && scope == "foreign-consortium" && template.Contains("{consortiumId}"))
            return (status == 404 && detail == $"There is no consortium with id {consortium}.", "404 as for an unknown consortium");
        if (role == "member" && scope == "other-member" && template.Contains("{memberId}"))
            return (status == 404 && detail == $"There is no member with id {member}.", "404 as for an unknown member");
        // The consortium and (outside the foreign consortium) the member exist: a 404 saying they do not is a refusal.
        var refusedAsOwn = status == 404 && (detail == $"There is no consortium with id {consortium}."
                                             || scope != "foreign-consortium" && template.Contains("{memberId}") && detail == $"There is no member with id {member}.");
        return (status is not (401 or 403) && status < 500 && !refusedAsOwn, "2xx or a 4xx about the input");
    }

    private async Task<(int Status, string Detail)> Call(string method, string url, string key)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == "POST") s.Post.Json(new { }).ToUrl(url);
            else s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", key);
        });
        var status = result.Context.Response.StatusCode;
        var detail = "";
        if (result.Context.Response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true)
        {
            using var problem = JsonDocument.Parse(await result.ReadAsTextAsync());
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        }
        return (status, detail);
    }

    // Endpoint shapes for the start-up check (never mapped: they are not in the application's assembly).
    private static class Undeclared
    {
        public static string Get() => "";
    }

    [Allow(Roles.Admin)]
    private static class Twice
    {
        [AllowAnonymous] public static string Get() => "";
    }

    private static class Bare
    {
        [Authorize] public static string Get() => "";
    }

    private static class Declared
    {
        [Allow(Roles.Finance)] public static string Get() => "";
    }
}
