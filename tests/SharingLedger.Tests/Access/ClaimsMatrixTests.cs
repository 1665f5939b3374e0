using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SharingLedger.Tests.Loans;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Access;

/// <summary>
/// Bearer tokens with every shape of missing, empty, malformed, doubled and foreign <c>consortium_id</c> and
/// <c>member_id</c>, for every role and some role sets, plus forged, expired and otherwise invalid tokens. Each token
/// calls the same probes; what each probe must answer is stated here (<see cref="Expected"/>), not read from the host.
/// A token that lacks what its role needs is a 401 everywhere: it never acts, not even as less than it claims.
/// </summary>
public class ClaimsMatrixTests(LedgerHost host) : LedgerTest(host)
{
    /// <summary>Who the token turns out to be, which fixes what every probe answers.</summary>
    public enum Outcome { Refused, MemberA, MemberAStranger, MemberB, FinanceA, FinanceB, ReaderA, ReaderB }

    private enum Probe { ListConsortia, ReadConsortiumA, ReadConsortiumB, ReadOthersLoan, LoanForOther, ReadOthersObligations, ReadOwnObligations }

    /// <summary>
    /// The promise, per outcome and probe. Consortium A has members OWN, OTHER and THIRD and a loan OTHER→THIRD;
    /// consortium B has member FX. "Stranger": a member token of A naming FX, which is no member of A.
    /// </summary>
    private static readonly Dictionary<Outcome, int[]> Expected = new()
    {
        //                               list  A    B    others'loan  loan for OTHER  OTHER's obligations  OWN's obligations
        [Outcome.Refused] =         [401, 401, 401, 401, 401, 401, 401],
        [Outcome.MemberA] =         [403, 200, 404, 404, 404, 404, 200],
        [Outcome.MemberAStranger] = [403, 200, 404, 404, 404, 404, 404],
        [Outcome.MemberB] =         [403, 404, 200, 404, 404, 404, 404],
        [Outcome.FinanceA] =        [403, 200, 404, 200, 201, 200, 200],
        [Outcome.FinanceB] =        [403, 404, 200, 404, 404, 404, 404],
        [Outcome.ReaderA] =         [403, 200, 404, 200, 403, 200, 200],
        [Outcome.ReaderB] =         [403, 404, 200, 404, 403, 404, 404],
    };

    // The values a claim can take in a case.
    private const string Own = "own", Foreign = "foreign", Missing = "missing", Empty = "empty", Malformed = "malformed",
        Zero = "zero", Two = "two";

    private static readonly string[] ConsortiumVariants = [Own, Missing, Empty, Malformed, Zero, Two, Foreign];
    private static readonly string[] MemberVariants = [Own, Missing, Empty, Malformed, Zero, Two, Foreign];

    /// <summary>Every token case by name, with the outcome this table promises for it.</summary>
    public static TheoryData<string> Cases() => new(AllCases().Keys);

    private static Dictionary<string, (Func<World, string> Token, Outcome Outcome)> AllCases()
    {
        var cases = new Dictionary<string, (Func<World, string>, Outcome)>();

        // Single roles and role sets × consortium_id × member_id.
        var roleSets = new[] { "member", "finance", "auditor", "admin", "member+finance", "finance+admin", "auditor+admin" };
        foreach (var roleSet in roleSets)
        {
            var roles = roleSet.Split('+');
            var single = roles.Length == 1;
            foreach (var c in single ? ConsortiumVariants : [Own, Missing, Malformed, Foreign])
            foreach (var m in roles.Contains("member") ? (single ? MemberVariants : [Own, Missing, Malformed]) : [Missing, Own, Malformed])
            {
                cases[$"{roleSet} consortium:{c} member:{m}"] =
                    (w => w.Token(roles, consortium: w.Claim(c, w.A, w.B), member: w.Claim(m, w.Own, w.ForeignMember)), OutcomeOf(roles, c, m));
            }
        }

        // Roles that are not the ledger's, and no role at all.
        cases["no role"] = (w => w.Token([], w.Claim(Own, w.A, w.B)), Outcome.Refused);
        cases["empty role"] = (w => w.Token([""], w.Claim(Own, w.A, w.B)), Outcome.Refused);
        cases["unknown role superuser"] = (w => w.Token(["superuser"], w.Claim(Own, w.A, w.B)), Outcome.Refused);
        cases["unknown role operator without consortium"] = (w => w.Token(["operator"], null), Outcome.Refused);
        cases["role in other case Admin"] = (w => w.Token(["Admin"], w.Claim(Own, w.A, w.B)), Outcome.Refused);
        cases["finance beside an unknown role"] = (w => w.Token(["finance", "superuser"], w.Claim(Own, w.A, w.B)), Outcome.Refused);
        // A claim only the API key handler may set: on a token it makes no operator.
        cases["finance claiming ledger:operator without consortium"] =
            (w => w.Token(["finance"], null, extra: new() { ["ledger:operator"] = "true" }), Outcome.Refused);
        cases["finance claiming ledger:operator with consortium"] =
            (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), extra: new() { ["ledger:operator"] = "true" }), Outcome.FinanceA);

        // The subject.
        cases["finance without sub"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), subject: null), Outcome.Refused);
        cases["finance with empty sub"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), subject: ""), Outcome.Refused);

        // Signature, issuer, audience and lifetime.
        cases["finance expired"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), expires: DateTime.UtcNow.AddMinutes(-10)), Outcome.Refused);
        cases["finance not yet valid"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), notBefore: DateTime.UtcNow.AddMinutes(30)), Outcome.Refused);
        cases["finance forged signature"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), signingKey: "someone-elses-signing-key-0123456789abcdef"), Outcome.Refused);
        cases["finance unsigned"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), signingKey: null), Outcome.Refused);
        cases["finance other issuer"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), issuer: "https://idp.elsewhere.test"), Outcome.Refused);
        cases["finance other audience"] = (w => w.Token(["finance"], w.Claim(Own, w.A, w.B), audience: "another-api"), Outcome.Refused);
        cases["finance of B with payload altered to A"] = (w => Tampered(w.Token(["finance"], w.B.ToString()), w.B, w.A), Outcome.Refused);
        cases["not a token"] = (_ => "not.a.token", Outcome.Refused);
        return cases;
    }

    /// <summary>
    /// The rules, stated for the test: every token needs one consortium_id that is a non-empty GUID; one with the member
    /// role (alone or with others) also one member_id that is; a member_id present on any token must be well formed.
    /// Within those, the consortium named decides A or B, the strongest role decides what it may do.
    /// </summary>
    private static Outcome OutcomeOf(string[] roles, string consortium, string member)
    {
        if (consortium is not (Own or Foreign)) return Outcome.Refused;
        var memberPresentAndBad = member is Empty or Malformed or Zero or Two;
        if (memberPresentAndBad) return Outcome.Refused;
        if (roles.Contains("member") && member is Missing) return Outcome.Refused;
        var inA = consortium == Own;
        if (roles.Contains("finance")) return inA ? Outcome.FinanceA : Outcome.FinanceB;
        if (roles.Contains("auditor") || roles.Contains("admin")) return inA ? Outcome.ReaderA : Outcome.ReaderB;
        return !inA ? Outcome.MemberB : member == Own ? Outcome.MemberA : Outcome.MemberAStranger;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_token_gets_what_its_claims_promise_and_nothing_more(string name)
    {
        var world = await World.Get(Host, Api);
        var (token, outcome) = AllCases()[name];
        var bearer = token(world);
        var expected = Expected[outcome];
        var failures = new List<string>();

        foreach (var probe in Enum.GetValues<Probe>())
        {
            var (status, body, challenge, contentType) = await Call(world, probe, bearer);
            var want = expected[(int)probe];
            if (status != want)
                failures.Add($"{(status is >= 200 and < 300 && want >= 400 ? "LEAK " : "")}{probe}: expected {want}, got {status}");
            if (status == 401)
            {
                if (challenge is null || !challenge.StartsWith("Bearer", StringComparison.Ordinal))
                    failures.Add($"{probe}: 401 without a Bearer challenge ({challenge})");
                if (contentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
                    failures.Add($"{probe}: 401 is not problem details ({contentType})");
            }
            if (Regex.IsMatch(body + challenge, @"\b(System|Microsoft)\.[A-Z]|Exception|IDX\d"))
                failures.Add($"{probe}: the answer names a .NET type or library message: {body} {challenge}");
        }
        Assert.True(failures.Count == 0, $"{name} ({outcome}):\n" + string.Join("\n", failures));
    }

    [Fact]
    public void The_matrix_covers_every_role_and_claim_shape()
    {
        var cases = AllCases();
        Assert.Equal(166, cases.Count);
        Assert.True(cases.Values.Count(c => c.Outcome == Outcome.Refused) > 100);
        Assert.All(Enum.GetValues<Outcome>(), o => Assert.Contains(cases.Values, c => c.Outcome == o));
    }

    private async Task<(int Status, string Body, string? Challenge, string? ContentType)> Call(World w, Probe probe, string bearer)
    {
        var result = await Host.Host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.WithRequestHeader("Authorization", "Bearer " + bearer);
            switch (probe)
            {
                case Probe.ListConsortia: s.Get.Url("/consortia"); break;
                case Probe.ReadConsortiumA: s.Get.Url($"/consortia/{w.A}"); break;
                case Probe.ReadConsortiumB: s.Get.Url($"/consortia/{w.B}"); break;
                case Probe.ReadOthersLoan: s.Get.Url($"/consortia/{w.A}/loans/{w.OthersLoan}"); break;
                case Probe.LoanForOther:
                    s.Post.Json(new
                    {
                        borrowerId = w.Other, lenderId = w.Third, serviceType = "copy", serviceLevel = "normal",
                        requestId = "REQ-" + Guid.NewGuid().ToString("N")[..12],
                    }).ToUrl($"/consortia/{w.A}/loans");
                    break;
                case Probe.ReadOthersObligations: s.Get.Url($"/consortia/{w.A}/members/{w.Other}/obligations?fiscalYear=2026"); break;
                case Probe.ReadOwnObligations: s.Get.Url($"/consortia/{w.A}/members/{w.Own}/obligations?fiscalYear=2026"); break;
            }
        });
        var response = result.Context.Response;
        return (response.StatusCode, await result.ReadAsTextAsync(), response.Headers.WWWAuthenticate.FirstOrDefault(), response.ContentType);
    }

    /// <summary>Swaps one id for another in a signed token's payload, keeping the signature.</summary>
    private static string Tampered(string token, Guid from, Guid to)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace(from.ToString(), to.ToString());
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    /// <summary>The two consortia the cases point at, made once for all of them.</summary>
    public sealed class World
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static World? _made;

        public required Guid A { get; init; }
        public required Guid B { get; init; }
        public required Guid Own { get; init; }
        public required Guid Other { get; init; }
        public required Guid Third { get; init; }
        public required Guid ForeignMember { get; init; }
        public required Guid OthersLoan { get; init; }

        public static async Task<World> Get(LedgerHost host, LedgerApi api)
        {
            await Gate.WaitAsync(TestContext.Current.CancellationToken);
            try
            {
                if (_made is not null) return _made;
                var a = await LoanScenario.WithDefaultFees(host, api, "OWN", "OTHER", "THIRD");
                var b = await LoanScenario.WithDefaultFees(host, api, "FX");
                var loan = await a.Request("OTHER", "THIRD", type: "copy");
                return _made = new World
                {
                    A = a.ConsortiumId, B = b.ConsortiumId, Own = a.Members["OWN"], Other = a.Members["OTHER"], Third = a.Members["THIRD"],
                    ForeignMember = b.Members["FX"], OthersLoan = loan,
                };
            }
            finally
            {
                Gate.Release();
            }
        }

        /// <summary>The claim's value for a variant: null leaves it out; an array puts it twice.</summary>
        public object? Claim(string variant, Guid own, Guid foreign) => variant switch
        {
            ClaimsMatrixTests.Own => own.ToString(),
            ClaimsMatrixTests.Foreign => foreign.ToString(),
            Missing => null,
            Empty => "",
            Malformed => "not-a-guid-" + own.ToString("N")[..8],
            Zero => Guid.Empty.ToString(),
            Two => new[] { own.ToString(), foreign.ToString() },
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        public string Token(string[] roles, object? consortium, object? member = null, string? subject = "idp-user-matrix",
            DateTime? expires = null, DateTime? notBefore = null, string? signingKey = LedgerHost.JwtSigningKey,
            string issuer = LedgerHost.JwtIssuer, string audience = LedgerHost.JwtAudience, Dictionary<string, object>? extra = null)
        {
            var claims = new Dictionary<string, object>();
            if (subject is not null) claims["sub"] = subject;
            if (roles.Length == 1) claims["role"] = roles[0];
            else if (roles.Length > 1) claims["role"] = roles;
            if (consortium is not null) claims["consortium_id"] = consortium;
            if (member is not null) claims["member_id"] = member;
            foreach (var (k, v) in extra ?? []) claims[k] = v;
            var exp = expires ?? DateTime.UtcNow.AddHours(1);
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = claims,
                IssuedAt = (notBefore ?? exp.AddHours(-2)),
                NotBefore = notBefore ?? exp.AddHours(-2),
                Expires = exp,
                SigningCredentials = signingKey is null ? null
                    : new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
            });
        }
    }
}
