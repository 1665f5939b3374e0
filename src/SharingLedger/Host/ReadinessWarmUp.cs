using System.Diagnostics;
using System.Security.Claims;
using Marten;
using SharingLedger.Access;
using SharingLedger.Infrastructure.Api;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Membership;
using SharingLedger.WebConsole;

namespace SharingLedger.Host;

/// <summary>
/// A new node runs its hot endpoints before <c>/health/ready</c> answers 200 (docs/performance.md, "A node's first minute"): a
/// member's obligations and statement, a loan request and a loan step, each some hundred times from eight workers, through the
/// endpoints' own request delegates (<see cref="InProcessApi"/>), for one member of each database, within <c>Startup:WarmUpSeconds</c>.
/// (Waiting afterwards for the runtime to finish compiling the optimised code was measured and did not help.)
/// <para>It records nothing: the reads are an auditor's, and the writes name a borrower and a loan that do not exist, so they are
/// refused (422 after reading under the borrower's lock, and 404), as bad input always is. Whatever happens, the gate opens at the end:
/// a warm-up that fails leaves a node slower for its first seconds, never out of service.</para>
/// </summary>
public sealed class ReadinessWarmUp(IServiceProvider services, WarmUpGate gate, IHostApplicationLifetime lifetime, ReadinessWarmUp.Settings settings,
    ILogger<ReadinessWarmUp> log) : BackgroundService
{
    public const int Workers = 8;
    public const int Rounds = 12;

    /// <summary><c>Startup:WarmUpSeconds</c>: the most the warm-up may take (10 in Production; 0, no warm-up, elsewhere unless set).</summary>
    public sealed record Settings(TimeSpan Budget);

    /// <summary>Registers the warm-up when <c>Startup:WarmUpSeconds</c> is above zero.</summary>
    public static void AddTo(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var gate = new WarmUpGate();
        services.AddSingleton(gate);
        var seconds = configuration.GetValue("Startup:WarmUpSeconds", environment.IsProduction() ? 10.0 : 0.0);
        if (seconds <= 0) return;
        gate.Shut();
        var settings = new Settings(TimeSpan.FromSeconds(seconds));
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<ReadinessWarmUp>(sp, settings));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var summary = "not run";
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult())) await started.Task.WaitAsync(stoppingToken);
            var clock = Stopwatch.StartNew();
            using var within = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            within.CancelAfter(settings.Budget);
            var (requests, unexpected) = await RunAsync(within.Token);
            summary = $"{requests} requests, {unexpected} unexpected, {(long)clock.Elapsed.TotalMilliseconds} ms";
            log.LogInformation("Warmed up: {Summary}.", summary);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            summary = $"stopped at the budget of {settings.Budget.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s";
            log.LogWarning("The warm-up did not finish within {Budget} s; the node takes traffic anyway.", settings.Budget.TotalSeconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            summary = "failed (the log says why)";
            log.LogWarning(e, "The warm-up failed; the node takes traffic anyway.");
        }
        finally
        {
            gate.Open(summary);
        }
    }

    /// <summary>The hot endpoints, for one member of each database; answers how many requests ran and how many answered otherwise than expected.</summary>
    private async Task<(int Requests, int Unexpected)> RunAsync(CancellationToken ct)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var api = services.GetRequiredService<InProcessApi>();
        var members = (await store.InEveryDatabaseAsync(s => s.Query<Member>().Where(m => m.AnyTenant()).FirstOrDefaultAsync(ct), ct)).OfType<Member>().ToList();
        int requests = 0, unexpected = 0;
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        foreach (var member in members)
        {
            var route = new Dictionary<string, string> { ["consortiumId"] = member.ConsortiumId.ToString(), ["memberId"] = member.Id.ToString() };
            var auditor = As(Roles.Auditor, member.ConsortiumId);
            var finance = As(Roles.Finance, member.ConsortiumId);
            async Task Expect(string what, Task<int> status, int expected)
            {
                var got = await status;
                Interlocked.Increment(ref requests);
                if (got == expected) return;
                Interlocked.Increment(ref unexpected);
                answers.AddOrUpdate($"{what} {got}", 1, (_, n) => n + 1);
            }
            await Parallel.ForAsync(0, Workers * Rounds, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = ct }, async (_, token) =>
            {
                await Expect("obligations", Get(api, auditor, "/consortia/{consortiumId}/members/{memberId}/obligations", route, token), 200);
                await Expect("statement", Get(api, auditor, "/consortia/{consortiumId}/members/{memberId}/statement", route, token), 200);
                // Nobody's loan: a borrower no consortium has (refused by the rules, 422, after the reads under its lock) and a loan
                // no one requested (404); nothing recorded.
                var nobody = Guid.NewGuid();
                await Expect("loan request", Post(api, finance, "/consortia/{consortiumId}/loans", route,
                    new { borrowerId = nobody, lenderId = member.Id, serviceType = "loan", serviceLevel = "normal", requestId = "WARM-UP" }, token), 422);
                await Expect("loan step", Post(api, finance, "/consortia/{consortiumId}/loans/{loanId}/{action}",
                    new Dictionary<string, string>(route) { ["loanId"] = nobody.ToString(), ["action"] = "shipped" }, new { }, token), 404);
            });
        }
        if (!answers.IsEmpty) log.LogWarning("Warm-up answers not as expected: {Answers}.", string.Join(", ", answers.Select(a => $"{a.Key} ×{a.Value}")));
        return (requests, unexpected);
    }

    private static async Task<int> Get(InProcessApi api, ClaimsPrincipal user, string template, IReadOnlyDictionary<string, string> route, CancellationToken ct) =>
        (await api.GetAsync(user, template, route, "", ct)).Status;

    private static async Task<int> Post(InProcessApi api, ClaimsPrincipal user, string template, IReadOnlyDictionary<string, string> route, object body, CancellationToken ct) =>
        (await api.PostAsync(user, template, route, body, ct)).Status;

    private static ClaimsPrincipal As(string role, Guid consortiumId) => new(new ClaimsIdentity(
        [new Claim(LedgerClaims.Role, role), new Claim(LedgerClaims.Consortium, consortiumId.ToString()), new Claim(ClaimTypes.Name, "warm-up")],
        "WarmUp", ClaimTypes.Name, LedgerClaims.Role));
}
