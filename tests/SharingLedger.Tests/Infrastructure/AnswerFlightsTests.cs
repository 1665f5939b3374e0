using NodaTime;
using SharingLedger.Infrastructure.Answers;

namespace SharingLedger.Tests.Infrastructure;

/// <summary>
/// A stale stored answer is worked out once per node for the requests that want it at the same time, under the same stamps.
/// Each test counts how often the work ran: the requests that share it get the very object the first one worked out.
/// </summary>
public class AnswerFlightsTests
{
    private static readonly Guid Member = Guid.Parse("0192f0a0-0000-7000-8000-000000000001");
    private static readonly Instant At = Instant.FromUtc(2026, 12, 3, 9, 20);
    private static readonly StoredAnswers.Lookup Stale = new(null, 2026, null, null, ConsortiumStamp: 40, MemberStamp: 7);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_that_find_the_same_answer_stale_share_one_computation()
    {
        var flights = new AnswerFlights();
        var gated = new GatedWork();
        var Work = gated.Work;

        var first = flights.ShareAsync("t", "obligations", Member, "", Stale, At, Work, Ct);
        var others = Enumerable.Range(0, 7).Select(i => flights.ShareAsync("t", "obligations", Member, "", Stale, At.Plus(Duration.FromSeconds(i)), Work, Ct)).ToList();
        Assert.Equal(1, flights.InFlight);
        Assert.Equal(7, flights.Waiting);
        gated.Open();

        var answer = await first;
        foreach (var other in others) Assert.Same(answer, await other);
        Assert.Equal(1, gated.Runs);
        Assert.Equal(0, flights.InFlight);
        Assert.Equal(0, flights.Waiting);
    }

    [Fact]
    public async Task A_different_stamp_member_kind_question_consortium_or_quarter_of_an_hour_is_another_computation()
    {
        var flights = new AnswerFlights();
        var gated = new GatedWork();
        var Work = gated.Work;

        var all = new List<Task<object>>
        {
            flights.ShareAsync("t", "obligations", Member, "", Stale, At, Work, Ct),
            flights.ShareAsync("t", "obligations", Member, "", Stale with { MemberStamp = 8 }, At, Work, Ct),
            flights.ShareAsync("t", "obligations", Member, "", Stale with { ConsortiumStamp = 41 }, At, Work, Ct),
            flights.ShareAsync("t", "obligations", Guid.CreateVersion7(), "", Stale, At, Work, Ct),
            flights.ShareAsync("t", "statement", Member, "", Stale, At, Work, Ct),
            flights.ShareAsync("t", "obligations", Member, "2025", Stale, At, Work, Ct),
            flights.ShareAsync("another consortium", "obligations", Member, "", Stale, At, Work, Ct),
            // 09:30 UTC is midnight in a zone at +14:30 or −9:30: the day the answer holds for may have turned
            flights.ShareAsync("t", "obligations", Member, "", Stale, Instant.FromUtc(2026, 12, 3, 9, 30), Work, Ct),
        };
        gated.Open();
        var answers = await Task.WhenAll(all);

        Assert.Equal(8, gated.Runs);
        Assert.Equal(8, answers.Distinct().Count());
    }

    [Fact]
    public async Task A_landed_computation_is_not_kept_the_next_request_works_the_answer_out_again()
    {
        var flights = new AnswerFlights();
        var runs = 0;
        Task<object> Work() => Task.FromResult<object>(Interlocked.Increment(ref runs));

        var first = await flights.ShareAsync("t", "obligations", Member, "", Stale, At, Work, Ct);
        var second = await flights.ShareAsync("t", "obligations", Member, "", Stale, At, Work, Ct);

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(0, flights.InFlight);
    }

    [Fact]
    public async Task When_the_first_request_fails_or_is_cancelled_the_others_work_the_answer_out_themselves()
    {
        foreach (Exception failure in new Exception[] { new InvalidOperationException("the database went away"), new OperationCanceledException() })
        {
            var flights = new AnswerFlights();
            var gate = new TaskCompletionSource();
            var first = flights.ShareAsync<object>("t", "obligations", Member, "", Stale, At, async () =>
            {
                await gate.Task;
                throw failure;
            }, Ct);
            var joined = flights.ShareAsync<object>("t", "obligations", Member, "", Stale, At, () => Task.FromResult<object>("its own"), Ct);
            gate.SetResult();

            Assert.Same(failure, await Assert.ThrowsAnyAsync<Exception>(() => first));
            Assert.Equal("its own", await joined);
            Assert.Equal(0, flights.InFlight);
        }
    }

    [Fact]
    public async Task A_request_that_gives_up_waiting_leaves_the_computation_to_the_others()
    {
        var flights = new AnswerFlights();
        var gate = new TaskCompletionSource<object>();
        var first = flights.ShareAsync("t", "obligations", Member, "", Stale, At, () => gate.Task, Ct);
        using var abandon = new CancellationTokenSource();
        var gaveUp = flights.ShareAsync<object>("t", "obligations", Member, "", Stale, At, () => throw new InvalidOperationException("not its turn"), abandon.Token);
        var stayed = flights.ShareAsync<object>("t", "obligations", Member, "", Stale, At, () => throw new InvalidOperationException("not its turn"), Ct);

        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        var answer = new object();
        gate.SetResult(answer);

        Assert.Same(answer, await first);
        Assert.Same(answer, await stayed);
    }

    /// <summary>Work that counts its runs and answers a new object each, once <see cref="Open"/> is called.</summary>
    private sealed class GatedWork
    {
        private readonly TaskCompletionSource gate = new();
        private int runs;

        public int Runs => Volatile.Read(ref runs);

        public async Task<object> Work()
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return new object();
        }

        public void Open() => gate.SetResult();
    }
}
