using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SharingLedger.Access;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>
/// Every endpoint the host exposes, called by every role with its own and a foreign consortium's and
/// member's ids. Fails when an endpoint has no entry in the access matrix.
/// </summary>
public class AuthorizationMatrixTests(LedgerHost host) : LedgerTest(host)
{
    private IReadOnlyList<(string Method, string Template)> Endpoints() =>
        Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Where(e => !e.Item2.StartsWith("/scalar", StringComparison.Ordinal))
            .Distinct()
            .ToList();

    [Fact]
    public void Every_endpoint_has_an_entry_in_the_access_matrix()
    {
        var missing = Endpoints().Where(e => !AccessMatrix.Rules.ContainsKey(AccessMatrix.KeyOf(e.Method, e.Template)))
            .Select(e => $"{e.Method} {e.Template}").ToList();
        Assert.True(missing.Count == 0, "No access rule for: " + string.Join("; ", missing));
        Assert.True(Endpoints().Count > 40);
    }

    [Fact]
    public async Task Each_role_gets_the_status_the_matrix_promises_with_own_and_foreign_ids()
    {
        var p = await Principals.Create(Api);
        var foreign = await Api.EstablishConsortium();
        var failures = new List<string>();

        foreach (var (method, template) in Endpoints())
        {
            var rule = AccessMatrix.Rules[AccessMatrix.KeyOf(method, template)];
            foreach (var role in new[] { "anonymous", "member", "finance", "auditor", "admin" })
            {
                foreach (var (scope, consortium, member) in new[]
                         {
                             ("own", p.Consortium, p.OwnMember),
                             ("other-member", p.Consortium, p.OtherMember),
                             ("foreign-consortium", foreign, p.OwnMember),
                         })
                {
                    var url = template.Replace("{consortiumId}", consortium.ToString()).Replace("{memberId}", member.ToString())
                        .Replace("{fiscalYear}", "2026").Replace("{term}", "1").Replace("{month}", "2026-01").Replace("{documentName}", "v1");
                    url = System.Text.RegularExpressions.Regex.Replace(url, @"\{[^}]+\}", Guid.NewGuid().ToString());
                    var status = await Call(method, url, role == "anonymous" ? "" : p.Keys[role]);
                    var expected = Expected(rule, role, scope, template);
                    if (!expected(status)) failures.Add($"{role} {scope} {method} {template} -> {status}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What the matrix promises: 401 anonymous, 403 wrong role, 404 someone else's data, else not refused for access.</summary>
    private static Func<int, bool> Expected(AccessRule rule, string role, string scope, string template)
    {
        if (rule.Anonymous) return s => s is not (401 or 403);
        if (role == "anonymous") return s => s == 401;
        if (!rule.Roles.Contains(role) || rule.OperatorOnly) return s => s == 403;
        if (scope == "foreign-consortium" && template.Contains("{consortiumId}")) return s => s == 404;
        if (role == "member" && scope == "other-member" && template.Contains("{memberId}")) return s => s == 404;
        return s => s is not (401 or 403) && s < 500;
    }

    private async Task<int> Call(string method, string url, string key)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == "POST") s.Post.Json(new { }).ToUrl(url);
            else s.Get.Url(url);
            s.WithRequestHeader("X-Api-Key", key);
        });
        return result.Context.Response.StatusCode;
    }
}
