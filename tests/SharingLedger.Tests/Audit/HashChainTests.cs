using Npgsql;
using SharingLedger.Audit;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

/// <summary>
/// The tamper-evident history end to end, one chain per consortium. One class, so its tests run one after another.
/// </summary>
public class HashChainTests(LedgerHost host) : LedgerTest(host)
{
    [Fact]
    public async Task Every_event_is_chained_to_the_previous_one_and_the_chain_verifies()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "CHAIN");
        var seqs = (await Host.SequencesOf(c)).Concat(await Host.SequencesOf(m)).Order().ToArray();
        var links = new List<ChainLink>();
        foreach (var s in seqs) links.Add(await Host.WaitForLink(s));

        var member = links[^1];
        var stored = await Host.StoredData(member.Id);
        Assert.Contains("CHAIN", stored);
        Assert.Equal(64, member.Hash.Length);
        Assert.True(member.PreviousSequence < member.Id);
        Assert.True(member.PreviousSequence >= links[0].Id); // the consortium's event, or something of it recorded since, comes before
        Assert.Equal(c.ToString("D"), await Host.TenantOfEvent(member.PreviousSequence)); // the previous link is the same consortium's

        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { })); // publishes a digest, checked below

        var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
        Assert.Equal("consortium", body.GetProperty("scope").GetString());
        Assert.True(body.GetProperty("digestsChecked").GetInt32() >= 1);
        Assert.True(body.GetProperty("intact").GetBoolean(), body.ToString());
        Assert.True(body.GetProperty("verifiedThrough").GetProperty("sequence").GetInt64() >= member.Id);
        Assert.True(body.GetProperty("eventsChecked").GetInt64() >= seqs.Length);
    }

    [Fact]
    public async Task Changing_a_stored_event_with_SQL_is_found_and_named()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "TAMPER");
        var sequence = (await Host.SequencesOf(m)).Single();
        var link = await Host.WaitForLink(sequence);
        var original = await Host.StoredData(sequence);
        try
        {
            Assert.Equal(1, await Host.Sql("update ledger.mt_events set data = jsonb_set(data, '{name}', '\"Library of someone else\"') where seq_id = $1", sequence));

            var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
            Assert.False(body.GetProperty("intact").GetBoolean());
            var broken = body.GetProperty("firstBreak");
            Assert.Equal(sequence, broken.GetProperty("sequence").GetInt64());
            Assert.Equal(link.EventId, broken.GetProperty("eventId").GetGuid());
            Assert.Equal("member_admitted", broken.GetProperty("eventType").GetString());
            Assert.Contains("no longer match", broken.GetProperty("reason").GetString());
            Assert.Equal("hash-mismatch", broken.GetProperty("code").GetString());
            Assert.True(body.GetProperty("verifiedThrough").GetProperty("sequence").GetInt64() < sequence);
        }
        finally
        {
            await Host.Sql("update ledger.mt_events set data = $1::jsonb where seq_id = $2", original, sequence);
        }
        var restored = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(restored.GetProperty("intact").GetBoolean(), restored.ToString());
    }

    [Fact]
    public async Task Changing_metadata_or_deleting_a_link_is_found_too()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "META");
        var sequence = (await Host.SequencesOf(m)).Single();
        await Host.WaitForLink(sequence);
        try
        {
            await Host.Sql("update ledger.mt_events set user_name = 'someone else' where seq_id = $1", sequence);
            var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
            Assert.Equal(sequence, body.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
        }
        finally
        {
            await Host.Sql("update ledger.mt_events set user_name = 'operator:tests' where seq_id = $1", sequence);
        }
        Assert.True((await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"))).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Changing_or_deleting_a_stored_link_is_found_and_named()
    {
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "LINK");
        var sequence = (await Host.SequencesOf(m)).Single();
        // A later event, so the link tampered with is not the chain's head (a missing head link reads as not chained yet).
        var later = (await Host.SequencesOf(await Api.AdmitMember(c, "LINK-LATER"))).Single();
        await Host.WaitForLink(later);
        var link = await Host.WaitForLink(sequence);
        try
        {
            // Another hash recorded for the event, as someone covering a changed event would write.
            Assert.Equal(1, await Host.Sql("update ledger.chain_link set hash = sha256('something else'::bytea) where sequence = $1", sequence));
            var changed = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
            Assert.Equal("broken", changed.GetProperty("state").GetString());
            Assert.Equal(sequence, changed.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
            Assert.Contains("no longer match", changed.GetProperty("firstBreak").GetProperty("reason").GetString());

            Assert.Equal(1, await Host.Sql("delete from ledger.chain_link where sequence = $1", sequence));
            var deleted = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
            Assert.False(deleted.GetProperty("intact").GetBoolean());
            Assert.Equal(sequence, deleted.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
            Assert.Equal(link.EventId, deleted.GetProperty("firstBreak").GetProperty("eventId").GetGuid());
            Assert.Contains("no link", deleted.GetProperty("firstBreak").GetProperty("reason").GetString());
            Assert.Equal("link-missing", deleted.GetProperty("firstBreak").GetProperty("code").GetString());
        }
        finally
        {
            await Host.Sql("delete from ledger.chain_link where sequence = $1", sequence);
            await Host.Sql("insert into ledger.chain_link (tenant_id, sequence, event_id, hash, previous_sequence) values ($1, $2, $3, decode($4, 'hex'), $5)",
                c.ToString("D"), sequence, link.EventId, link.Hash, link.PreviousSequence);
        }
        Assert.True((await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"))).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Each_consortium_has_its_own_chain_so_tampering_in_one_leaves_the_others_intact()
    {
        var a = await Api.EstablishConsortium();
        var b = await Api.EstablishConsortium();
        var memberOfA = await Api.AdmitMember(a, "OWN-A");
        var memberOfB = await Api.AdmitMember(b, "OWN-B");
        var inA = (await Host.SequencesOf(memberOfA)).Single();
        var inB = (await Host.SequencesOf(memberOfB)).Single();
        await Host.WaitForLink(Math.Max(inA, inB));
        var linkOfA = await Host.WaitForLink(inA);
        var linkOfB = await Host.WaitForLink(inB);
        // Each link follows its own consortium's previous event: the consortium's establishment, whatever came in between.
        Assert.Equal((await Host.SequencesOf(a)).Single(), linkOfA.PreviousSequence);
        Assert.Equal((await Host.SequencesOf(b)).Single(), linkOfB.PreviousSequence);

        var original = await Host.StoredData(inB);
        try
        {
            await Host.Sql("update ledger.mt_events set data = jsonb_set(data, '{name}', '\"Renamed\"') where seq_id = $1", inB);
            var ofB = await Api.Ok(Api.Get($"/consortia/{b}/audit/verification"));
            Assert.Equal("broken", ofB.GetProperty("state").GetString());
            Assert.Equal(inB, ofB.GetProperty("firstBreak").GetProperty("sequence").GetInt64());
            var ofA = await Api.Ok(Api.Get($"/consortia/{a}/audit/verification"));
            Assert.True(ofA.GetProperty("intact").GetBoolean(), ofA.ToString());
            Assert.Equal(2, ofA.GetProperty("eventsChecked").GetInt64()); // A's own events only: its establishment and its member
        }
        finally
        {
            await Host.Sql("update ledger.mt_events set data = $1::jsonb where seq_id = $2", original, inB);
        }
        Assert.True((await Api.Ok(Api.Get($"/consortia/{b}/audit/verification"))).GetProperty("intact").GetBoolean());
    }

    /// <summary>
    /// The rebuild from the stored rows (outside the daemon) makes the links the daemon made, byte for byte, so chains made before
    /// still verify; the daemon's writer, stopped meanwhile, goes on after the rebuild's last sequence.
    /// </summary>
    [Fact]
    public async Task A_rebuild_from_the_stored_rows_makes_the_same_links_and_the_daemon_goes_on_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "REBUILD");
        var last = (await Host.SequencesOf(m)).Max();
        await Host.WaitForLink(last);
        var tenant = ConsortiumTenancy.TenantOf(c);
        var before = await Host.LinksOf(tenant);

        var (database, daemon) = await Host.ChainDaemonAsync(tenant);
        var rebuilt = await ChainRebuild.RebuildAsync(daemon, database, ct);

        Assert.True(rebuilt.Through >= last, $"the rebuild stopped at {rebuilt.Through}, before {last}");
        Assert.True(rebuilt.Links >= before.Count);
        Assert.Equal(before, (await Host.LinksOf(tenant)).Take(before.Count).ToList());

        var after = await Api.AdmitMember(c, "AFTER-REBUILD");
        var link = await Host.WaitForLink((await Host.SequencesOf(after)).Single());
        Assert.Equal(last, link.PreviousSequence);
        var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(body.GetProperty("intact").GetBoolean(), body.ToString());
        Assert.Equal(before.Count + 1, body.GetProperty("eventsChecked").GetInt64());
    }

    /// <summary>
    /// The rebuild empties the links with TRUNCATE before it writes them again; when it fails after that, the links are as they were
    /// (the truncate is undone with the rest of its transaction) and the chain still verifies.
    /// </summary>
    [Fact]
    public async Task A_rebuild_that_fails_part_way_leaves_the_links_as_they_were()
    {
        var ct = TestContext.Current.CancellationToken;
        var c = await Api.EstablishConsortium();
        var m = await Api.AdmitMember(c, "REBUILD-FAILS");
        await Host.WaitForLink((await Host.SequencesOf(m)).Max());
        var tenant = ConsortiumTenancy.TenantOf(c);
        var before = await Host.LinksOf(tenant);
        Assert.NotEmpty(before);

        var (database, daemon) = await Host.ChainDaemonAsync(tenant);
        // This consortium's links are refused once the table has been emptied: its rebuild's COPY fails. Other consortia of the
        // shared test database are not touched by the trigger.
        await Host.Sql("create function ledger.refuse_test_links() returns trigger language plpgsql as $$ begin raise exception 'links refused'; end $$; " +
                       $"create trigger refuse_test_links before insert on ledger.chain_link for each row when (new.tenant_id = '{tenant}') " +
                       "execute function ledger.refuse_test_links()");
        try
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ChainRebuild.RebuildAsync(daemon, database, ct));
            Assert.Contains("links refused", refused.MessageText);
        }
        finally
        {
            await Host.Sql("drop trigger refuse_test_links on ledger.chain_link; drop function ledger.refuse_test_links()");
        }

        Assert.Equal(before, await Host.LinksOf(tenant));
        var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
        Assert.True(body.GetProperty("intact").GetBoolean(), body.ToString());
        Assert.Equal(before.Count, body.GetProperty("eventsChecked").GetInt64());
    }

    /// <summary>The chain formats ordinary timestamps itself: exactly as PostgreSQL's <c>to_char</c> did for every row before.</summary>
    [Fact]
    public async Task Timestamps_are_formatted_as_PostgreSQL_formats_them()
    {
        await using var command = Host.DataSource().CreateCommand(
            "select t, to_char(t at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from unnest(array['2026-11-27 12:00:00+00', " +
            "'2026-01-02 03:04:05.000006+00', '0999-12-31 23:59:59.999999+00', '2024-02-29 23:59:59.5+05:30', '9998-12-31 00:00:00+00', " +
            "'0001-01-02 00:00:00+00']::timestamptz[]) t");
        var rows = 0;
        var ct = TestContext.Current.CancellationToken;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Assert.Equal(reader.GetString(1), ChainCanonicalForm.FormatTimestamp(reader.GetFieldValue<DateTime>(0)));
            rows++;
        }
        Assert.Equal(6, rows);
    }

    [Fact]
    public async Task Verification_is_the_auditors_and_needs_a_known_consortium()
    {
        var (status, _) = await Api.Get($"/consortia/{Guid.NewGuid()}/audit/verification");
        Assert.Equal(404, status);
    }
}
