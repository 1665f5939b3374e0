using SharingLedger.Infrastructure.Marten;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Alba;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Membership;

namespace SharingLedger.Tests.Reliability;

/// <summary>
/// The hash chain through what Marten really stores: tombstones left by failed appends, a non-finite timestamp, and a chain
/// that stops. One class on its own host and database, so its tests run one after another and break nobody else's chain.
/// </summary>
public class ChainSurvivalTests(CrashHost crash) : IClassFixture<CrashHost>
{
    private NpgsqlDataSource DataSource => crash.Host.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task<long> Scalar(string sql, params object[] args)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var a in args) command.Parameters.Add(new NpgsqlParameter { Value = a });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private async Task<long> LastSequenceOf(Guid stream) =>
        await Scalar("select max(seq_id) from ledger.mt_events where stream_id = $1", stream);

    private async Task WaitUntil(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(200);
        }
    }

    private async Task<bool> Chained(long sequence) => await Scalar("select count(*) from ledger.chain_link where sequence = $1", sequence) == 1;

    private async Task<(int Status, JsonElement Body)> Ready()
    {
        var r = await crash.Host.Scenario(s => { s.Get.Url("/health/ready"); s.IgnoreStatusCode(); });
        return (r.Context.Response.StatusCode, JsonDocument.Parse(await r.ReadAsTextAsync()).RootElement.Clone());
    }

    /// <summary>
    /// A write whose transaction fails after its events were appended (here: a second admission of a code the consortium
    /// already has, refused by the members' unique index, as two racing admissions are): Marten knows the sequence numbers
    /// the failed append took and fills them with tombstones. The chain goes on past them and still verifies.
    /// </summary>
    [Fact]
    public async Task Tombstones_left_by_failed_appends_do_not_stop_the_chain()
    {
        if (!crash.CanCrash) Assert.Skip("Runs on the embedded PostgreSQL only.");
        var api = crash.Api;
        var c = await api.EstablishConsortium();
        await api.AdmitMember(c, "TOMB");
        var before = await Scalar("select count(*) from ledger.mt_events where type = 'tombstone'");

        var store = crash.Host.Services.GetRequiredService<IDocumentStore>();
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 3; i++)
        {
            await using var session = store.SessionFor(c); // the consortium's tenant, where its unique code collides
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Member>(id, new MemberAdmitted(id, c, "TOMB", "Same code", MemberKind.Public, 1, 1,
                new SharingLedger.Kernel.Money.Money(100, "USD"), null, new NodaTime.LocalDate(2026, 1, 1), NodaTime.SystemClock.Instance.GetCurrentInstant()));
            await Assert.ThrowsAnyAsync<Exception>(() => session.SaveChangesAsync(ct)); // the failed append
        }
        // Marten writes tombstones in the background after the failure.
        await WaitUntil(async () => await Scalar("select count(*) from ledger.mt_events where type = 'tombstone'") > before, "Marten's tombstones", 20);
        var tombstone = await Scalar("select count(*) from ledger.mt_events where type = 'tombstone' and not isfinite(timestamp)");
        Assert.True(tombstone > 0, "Marten's tombstones carry a timestamp of -infinity, which the chain's canonical form must handle");

        var after = await api.AdmitMember(c, "AFTER");
        var last = await LastSequenceOf(after);
        await WaitUntil(() => Chained(last), $"the chain to reach sequence {last} past the tombstones");

        var verification = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.Equal("intact", verification.GetProperty("state").GetString());
        Assert.Equal(0, verification.GetProperty("overdue").GetInt64());
        var (status, _) = await Ready();
        Assert.Equal(200, status);
    }

    /// <summary>An event whose timestamp was set to -infinity is hashed as that word: the change is named, the walk does not crash.</summary>
    [Fact]
    public async Task A_non_finite_timestamp_on_an_event_is_named_as_a_break_not_a_crash()
    {
        if (!crash.CanCrash) Assert.Skip("Runs on the embedded PostgreSQL only.");
        var api = crash.Api;
        var c = await api.EstablishConsortium();
        var m = await api.AdmitMember(c, "INFINITY");
        var sequence = await LastSequenceOf(m);
        await WaitUntil(() => Chained(sequence), $"the chain to reach sequence {sequence}");
        var original = await Scalar("select (extract(epoch from timestamp) * 1000000)::bigint from ledger.mt_events where seq_id = $1", sequence);
        try
        {
            await Scalar("update ledger.mt_events set timestamp = '-infinity' where seq_id = $1 returning 1", sequence);
            var body = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
            Assert.False(body.GetProperty("intact").GetBoolean());
            Assert.Equal("broken", body.GetProperty("state").GetString());
            Assert.Equal(sequence, body.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
        }
        finally
        {
            await Scalar("update ledger.mt_events set timestamp = to_timestamp($1::double precision / 1000000) where seq_id = $2 returning 1", original, sequence);
        }
        var restored = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(restored.GetProperty("intact").GetBoolean(), restored.ToString());
    }

    /// <summary>
    /// The chain's projection stops (as it does when the daemon gives up on it): once events are older than the grace period,
    /// readiness is 503, the verification says "stalled" and names the first unchained event, and the alert metric is above
    /// zero. When the projection runs again the chain catches up and everything is green again.
    /// </summary>
    [Fact]
    public async Task A_stopped_chain_turns_readiness_verification_and_the_metric_red_until_it_catches_up()
    {
        if (!crash.CanCrash) Assert.Skip("Runs on the embedded PostgreSQL only.");
        var api = crash.Api;
        var c = await api.EstablishConsortium();
        // The hash chain is the only asynchronous projection: pausing the daemon stops it as a failing projection would.
        var coordinator = crash.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            var m = await api.AdmitMember(c, "STALL");
            var unchained = await LastSequenceOf(m);
            await WaitUntil(async () => (await Ready()).Status == 503, "readiness to turn 503", 30);

            var (_, health) = await Ready();
            Assert.Contains("chain has stopped", health.ToString());
            var body = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
            Assert.False(body.GetProperty("intact").GetBoolean());
            Assert.Equal("stalled", body.GetProperty("state").GetString());
            Assert.True(body.GetProperty("overdue").GetInt64() >= 1);
            Assert.True(body.GetProperty("firstBreak").GetProperty("sequence").GetInt64() <= unchained);
            Assert.Equal("chain-stalled", body.GetProperty("firstBreak").GetProperty("code").GetString());
            Assert.True(OverdueMetric() >= 1, "ledger.chain.overdue_events should report the stalled events");
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await WaitUntil(async () => (await Ready()).Status == 200, "readiness to recover once the chain runs again");
        var healed = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(healed.GetProperty("intact").GetBoolean(), healed.ToString());
        Assert.Equal(0, OverdueMetric());
    }

    /// <summary>
    /// A chain working through a backlog (a large import commits a million events at once, all older than the grace period by the
    /// time the chain reaches them) is not a stopped chain: while its writer advances, readiness stays 200 (degraded, saying it is
    /// catching up) on every node and the verification is intact as far as it has come, with the overdue events named; once the
    /// writer has not advanced for the grace period either, it is a stop as above. The writer's last advance is the daemon's progress
    /// row, stamped each time it commits a batch: set here to stage each case while the daemon is paused.
    /// </summary>
    [Fact]
    public async Task A_chain_that_is_advancing_through_a_backlog_keeps_readiness_until_it_stops_advancing()
    {
        if (!crash.CanCrash) Assert.Skip("Runs on the embedded PostgreSQL only.");
        var api = crash.Api;
        var c = await api.EstablishConsortium();
        var established = await Scalar("select max(seq_id) from ledger.mt_events");
        await WaitUntil(() => Chained(established), "the chain to link the consortium"); // so the daemon has its progress row
        var coordinator = crash.Host.Services.GetRequiredService<IProjectionCoordinator>();
        await coordinator.PauseAsync();
        try
        {
            var m = await api.AdmitMember(c, "BACKLOG");
            var unchained = await LastSequenceOf(m);
            await WaitUntil(async () => await Scalar("select count(*) from ledger.mt_events where seq_id = $1 and timestamp < now() - interval '4 seconds'",
                unchained) == 1, "the event to be older than the grace period (3 s)", 30);

            // The writer advanced a moment ago: a backlog, not a stop. (Stamped a minute ahead, so every check below falls within the
            // 3 s grace of it however slow the machine is.)
            await Advanced("now() + interval '1 minute'");
            var (status, health) = await Ready();
            Assert.Equal(200, status);
            Assert.Contains("catching up", health.ToString());
            var catchingUp = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
            Assert.True(catchingUp.GetProperty("intact").GetBoolean(), catchingUp.ToString());
            Assert.Equal("intact", catchingUp.GetProperty("state").GetString());
            Assert.True(catchingUp.GetProperty("overdue").GetInt64() >= 1, catchingUp.ToString());
            Assert.True(OverdueMetric() >= 1, "ledger.chain.overdue_events reports the backlog");
            Assert.Equal(0, OverdueMetric("ledger.chain.stopped_events"));

            // It has not advanced for longer than the grace period: stopped.
            await Advanced("now() - interval '1 hour'");
            var (stoppedStatus, stoppedHealth) = await Ready();
            Assert.Equal(503, stoppedStatus);
            Assert.Contains("chain has stopped", stoppedHealth.ToString());
            var stopped = await api.Ok(api.Get($"/consortia/{c}/audit/verification"));
            Assert.Equal("stalled", stopped.GetProperty("state").GetString());
            Assert.True(stopped.GetProperty("firstBreak").GetProperty("sequence").GetInt64() <= unchained);
            Assert.True(OverdueMetric("ledger.chain.stopped_events") >= 1, "ledger.chain.stopped_events reports the stop");
        }
        finally
        {
            await coordinator.ResumeAsync();
        }
        await WaitUntil(async () => (await Ready()).Status == 200 && !(await Ready()).Body.ToString().Contains("catching up"), "the chain to catch up");
    }

    /// <summary>Stamps the chain's progress row (the daemon's, named after the projection) as if it had last advanced at <paramref name="when"/>.</summary>
    private async Task Advanced(string when) => Assert.Equal(1, await Scalar(
        $"with stamped as (update ledger.mt_event_progression set last_updated = {when} where name = '{HashChainProjection.Name}:All' returning 1) " +
        "select count(*) from stamped"));

    private long OverdueMetric(string name = "ledger.chain.overdue_events")
    {
        long value = -1;
        var factory = crash.Host.Services.GetRequiredService<IMeterFactory>(); // this host's meters, not the shared host's
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ChainMonitor.MeterName && instrument.Name == name
                && ReferenceEquals(instrument.Meter.Scope, factory))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = Math.Max(value, measurement));
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
