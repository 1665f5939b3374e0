using static SharingLedger.Access.Roles;

namespace SharingLedger.Access;

/// <summary>
/// The access rule of every endpoint, by method and route template. An endpoint missing here is
/// refused to everyone but an administrator, and the authorization matrix test fails until it is added.
/// </summary>
public static class AccessMatrix
{
    private static readonly string[] Staff = [Finance, Auditor, Admin];
    private static readonly string[] Everyone = [Member, Finance, Auditor, Admin];

    public static readonly IReadOnlyDictionary<string, AccessRule> Rules = new Dictionary<string, AccessRule>(StringComparer.Ordinal)
    {
        // The API as a product
        ["GET /health/live"] = AccessRule.Open(),
        ["GET /health/ready"] = AccessRule.Open(),
        ["GET /openapi/{documentName}.json"] = AccessRule.Open(),
        // The interactive reference and its script, mapped in demo and development only (ApiSurface); it holds no data.
        ["GET /scalar/{documentName?}"] = AccessRule.Open(),
        ["GET /scalar/scalar.js"] = AccessRule.Open(),
        ["GET /scalar/scalar.aspnetcore.js"] = AccessRule.Open(),
        ["GET /scalar/favicon.svg"] = AccessRule.Open(),

        // Consortia, members, agreement: run by administrators
        ["POST /consortia"] = AccessRule.Operator(Admin),
        ["GET /consortia"] = AccessRule.Operator(Finance, Auditor, Admin),
        ["GET /consortia/{consortiumId}"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/members"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/members"] = AccessRule.For(Admin),
        ["GET /consortia/{consortiumId}/members/{memberId}"] = AccessRule.For(Everyone),
        ["POST /consortia/{consortiumId}/members/{memberId}/details"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/members/{memberId}/identifiers"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/members/{memberId}/withdrawal"] = AccessRule.For(Admin),
        ["GET /consortia/{consortiumId}/members/{memberId}/history"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/members/{memberId}/obligations"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/members/{memberId}/savings"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/agreement"] = AccessRule.For(Everyone),
        ["POST /consortia/{consortiumId}/agreement/versions"] = AccessRule.For(Admin),
        // Retroactive amendments: finance re-prices what the amendment touches; staff read the restatement report
        ["POST /consortia/{consortiumId}/agreement/versions/{version}/restatement"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/agreement/versions/{version}/restatement"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/agreement/versions/{version}/restatement.csv"] = AccessRule.For(Staff),

        // Keys
        ["GET /consortia/{consortiumId}/api-keys"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/api-keys"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/api-keys/{keyId}/rotation"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/api-keys/{keyId}/revocation"] = AccessRule.For(Admin),

        // Dues
        ["POST /consortia/{consortiumId}/dues"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/dues/{fiscalYear}"] = AccessRule.For(Staff),

        // Subscriptions and reconciliation: recorded by finance, read by staff
        ["GET /consortia/{consortiumId}/subscriptions"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/subscriptions"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/subscriptions/{subscriptionId}"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/invoices"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/participants"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/participants/{memberId}/leave"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/usage"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/usage/counter"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/renewals"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/cancellation"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/apportionments"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/payments"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/voiding"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/split-decision"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/vendor-payables"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/reconciliation"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/reconciliation.csv"] = AccessRule.For(Staff),

        // Joint procurement: proposed and invoiced by finance; members answer for themselves
        ["GET /consortia/{consortiumId}/procurements"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/procurements"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/procurements/{procurementId}"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/commitments"] = AccessRule.MemberActsInBody(Member, Finance),
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/award"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice/payments"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/procurements/{procurementId}/invoice/voiding"] = AccessRule.For(Finance),

        // Co-construction collecting plan: assigned by administrators, spend reported by finance
        ["GET /consortia/{consortiumId}/collecting/{fiscalYear}"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/collecting/holdings"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/withdrawal"] = AccessRule.For(Admin),
        ["POST /consortia/{consortiumId}/collecting/{fiscalYear}/assignments/{assignmentId}/spend"] = AccessRule.For(Finance),

        // Interlibrary loan: member systems act for themselves (the endpoints check they are a party)
        ["POST /consortia/{consortiumId}/loans"] = AccessRule.MemberActsInBody(Member, Finance),
        ["GET /consortia/{consortiumId}/loans"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/loans/{loanId}"] = AccessRule.MemberActsInBody(Member, Finance, Auditor, Admin),
        ["POST /consortia/{consortiumId}/loans/{loanId}/{action}"] = AccessRule.MemberActsInBody(Member, Finance),
        ["GET /consortia/{consortiumId}/members/{memberId}/lending"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/clearing/{month}"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/clearing/{month}/settlement"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/reimbursement/{fiscalYear}"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/reimbursement/{fiscalYear}/documented-costs"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/reimbursement/{fiscalYear}/payout"] = AccessRule.For(Finance),

        // ISO 18626 intake: an ILL system sends with its member's key, for that member only (the endpoint checks the sending agency)
        ["POST /consortia/{consortiumId}/iso18626"] = AccessRule.MemberActsInBody(Member, Finance),
        ["GET /consortia/{consortiumId}/ill-statistics"] = AccessRule.For(Staff),

        // Member accounts (issue 5): finance records money; a member may dispute its own items; the council's auditor writes off
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payments"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/credit-notes"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/disputes"] = AccessRule.For(Member, Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/disputes/{disputeId}/resolution"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/write-offs"] = AccessRule.For(Auditor),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payments/{paymentId}/reversal"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/refunds"] = AccessRule.For(Finance),
        ["POST /consortia/{consortiumId}/members/{memberId}/account/payable-settlements"] = AccessRule.For(Finance),
        ["GET /consortia/{consortiumId}/members/{memberId}/statement"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/members/{memberId}/statement.csv"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/balances"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/balances.csv"] = AccessRule.For(Staff),
        // Exports for finance (XLSX) and the ledger of postings: staff read the consortium's books; a member its own statement
        ["GET /consortia/{consortiumId}/members/{memberId}/statement.xlsx"] = AccessRule.For(Everyone),
        ["GET /consortia/{consortiumId}/balances.xlsx"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/postings"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/postings.csv"] = AccessRule.For(Staff),
        ["GET /consortia/{consortiumId}/postings.xlsx"] = AccessRule.For(Staff),
        // In-kind contributions: finance records a member's services against its dues
        ["POST /consortia/{consortiumId}/members/{memberId}/in-kind-contributions"] = AccessRule.For(Finance),

        // Audit trail and fiscal periods: the council's auditor verifies the chain and closes and reopens periods
        ["GET /consortia/{consortiumId}/audit/verification"] = AccessRule.For(Auditor),
        ["GET /consortia/{consortiumId}/periods"] = AccessRule.For(Staff),
        ["POST /consortia/{consortiumId}/periods/{period}/closing"] = AccessRule.For(Auditor),
        ["POST /consortia/{consortiumId}/periods/{period}/reopening"] = AccessRule.For(Auditor),
    }.WithConsolePages();

    /// <summary>
    /// TEMPORARY, for the web console (issue 16): its pages (Console/ConsoleRoutes) are let through here, GET and POST, because
    /// they authorize themselves with the console's own cookie session, roles and "a member sees only itself" rule
    /// (Console/ConsoleSetup, ConsolePage). Goes when access moves to ASP.NET authorization policies.
    /// </summary>
    private static Dictionary<string, AccessRule> WithConsolePages(this Dictionary<string, AccessRule> rules)
    {
        foreach (var page in WebConsole.ConsoleRoutes.Pages)
        {
            rules[KeyOf("GET", page)] = AccessRule.Open();
            rules[KeyOf("POST", page)] = AccessRule.Open();
        }
        return rules;
    }

    public static string KeyOf(string method, string routeTemplate) => $"{method} /{routeTemplate.TrimStart('/')}";
}
