using SharingLedger.Audit;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Audit;

/// <summary>
/// The tamper-evident history end to end. One class, so its tests run one after another: the tampering test
/// breaks the (global) chain for a moment and must not be seen by the other verifications here.
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
        Assert.True(member.PreviousSequence >= links[0].Id); // the consortium's event, or something recorded since, comes before

        await Api.Ok(Api.Post($"/consortia/{c}/periods/2026-10/closing", new { })); // publishes a digest, checked below

        var body = await Api.Ok(Api.Get($"/consortia/{c}/audit/verification"));
        Assert.Equal("global", body.GetProperty("scope").GetString());
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
    public async Task Verification_is_the_auditors_and_needs_a_known_consortium()
    {
        var (status, _) = await Api.Get($"/consortia/{Guid.NewGuid()}/audit/verification");
        Assert.Equal(404, status);
    }
}
