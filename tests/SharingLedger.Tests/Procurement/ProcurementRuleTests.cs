using SharingLedger.Infrastructure.Marten;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Procurement;
using SharingLedger.Tests.Support;

namespace SharingLedger.Tests.Procurement;

/// <summary>What a procurement refuses, and that a refusal records nothing.</summary>
public class ProcurementRuleTests(LedgerHost host) : LedgerTest(host)
{
    private const string Deadline = "2026-12-15";

    private async Task<(Guid Consortium, Guid A, Guid B)> TwoMembersWithATerm(string currency = "USD")
    {
        var c = await Api.EstablishConsortium(currency: currency);
        var a = await Api.AdmitMember(c, "A", currency: currency);
        var b = await Api.AdmitMember(c, "B", currency: currency);
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a, b], new { books = new { rule = new { method = "equal" } } }, currency: currency), 201);
        return (c, a, b);
    }

    private async Task<int> VersionOf(Guid c, Guid p) => (await Api.Ok(Api.Procurement(c, p))).GetProperty("version").GetInt32();

    /// <summary>
    /// Proposed on 2026-11-01 with answers due by 2026-11-20 (a week before today): stored straight through Marten,
    /// because the API rightly refuses a deadline in the past and the shared clock must not be moved.
    /// </summary>
    private async Task<Guid> SeedPastDeadlineProposal(Guid c, params (Guid Id, string Code, bool Committed)[] invited)
    {
        var store = Host.Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.SessionFor(c);
        var id = Guid.CreateVersion7();
        var at = Instant.FromUtc(2026, 11, 1, 2, 0);
        var events = new List<object>
        {
            new ProcurementProposed(id, c, "Atlas reprints", "Cartography", Money.Parse("5000.00", "USD"), "books",
                StreamIds.Agreement(c), 1, new SharingTerm(CostSharingRule.Equal()), new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 20),
                invited.Select(m => new InvitedMember(m.Id, m.Code)).ToList(), at),
        };
        events.AddRange(invited.Where(m => m.Committed)
            .Select(m => new MemberCommittedToProcurement(id, c, m.Id, m.Code, new LocalDate(2026, 11, 10), at.Plus(Duration.FromDays(9)))));
        session.Events.StartStream<JointProcurement>(id, events.ToArray());
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Answers_after_the_deadline_are_refused_and_record_nothing()
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = await SeedPastDeadlineProposal(c, (a, "A", false), (b, "B", false));

        var (status, body) = await Api.AnswerProcurement(c, p, a, "commit");

        Assert.Equal(422, status);
        Assert.True(body.HasError("commitmentDeadline"), body.ToString());
        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(1, read.GetProperty("version").GetInt32());
        Assert.All(read.GetProperty("invitedMembers").EnumerateArray(),
            m => Assert.Equal(System.Text.Json.JsonValueKind.Null, m.GetProperty("decision").ValueKind));
    }

    /// <summary>After the deadline the award needs no more answers: A committed, B never answered, so A alone pays 5000.00.</summary>
    [Fact]
    public async Task After_the_deadline_the_award_goes_ahead_and_members_who_never_answered_pay_nothing()
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = await SeedPastDeadlineProposal(c, (a, "A", true), (b, "B", false));

        await Api.Ok(Api.AwardProcurement(c, p, "5000.00"));
        var invoiced = await Api.Ok(Api.InvoiceProcurement(c, p, "5000.00"));

        Assert.Equal(new Dictionary<Guid, string> { [a] = "5000.00" }, invoiced.Shares());
        Assert.Empty((await Api.Ok(Api.Obligations(c, b, 2026))).ProcurementItems());
    }

    [Fact]
    public async Task Awarding_needs_at_least_one_committed_member()
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "decline"));
        await Api.Ok(Api.AnswerProcurement(c, p, b, "decline"));

        var (status, body) = await Api.AwardProcurement(c, p, "1000.00");

        Assert.Equal(422, status);
        Assert.True(body.HasError("commitments"), body.ToString());
        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(("open", 3), (read.GetProperty("status").GetString(), read.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Awarding_before_the_deadline_waits_for_every_invited_member()
    {
        var (c, a, _) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "commit"));

        var (status, body) = await Api.AwardProcurement(c, p, "1000.00");

        Assert.Equal(422, status);
        Assert.True(body.HasError("commitmentDeadline"), body.ToString());
        Assert.Equal(2, await VersionOf(c, p));
    }

    [Fact]
    public async Task A_member_answers_once()
    {
        var (c, a, _) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "commit"));

        Assert.Equal(409, (await Api.AnswerProcurement(c, p, a, "commit")).Status);
        Assert.Equal(409, (await Api.AnswerProcurement(c, p, a, "decline")).Status);

        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(2, read.GetProperty("version").GetInt32());
        var answerOfA = read.GetProperty("invitedMembers").EnumerateArray().Single(m => m.GetProperty("memberId").GetGuid() == a);
        Assert.Equal("commit", answerOfA.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Concurrent_answers_of_one_member_record_one_and_never_500()
    {
        var (c, _, b) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Api.AnswerProcurement(c, p, b, i % 2 == 0 ? "commit" : "decline")));

        Assert.Equal(1, attempts.Count(x => x.Status == 200));
        Assert.All(attempts.Where(x => x.Status != 200), x => Assert.Equal(409, x.Status));
        Assert.Equal(2, await VersionOf(c, p));
    }

    [Fact]
    public async Task Only_invited_active_members_of_the_consortium_may_answer()
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var leaving = await Api.AdmitMember(c, "L");
        var other = await Api.EstablishConsortium();
        var stranger = await Api.AdmitMember(other, "S");
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline, invitedMembers: [a, leaving]), 201)).Id();
        await Api.Ok(Api.Post($"/consortia/{c}/members/{leaving}/withdrawal", new { effectiveFrom = "2026-11-27", reason = "Merged" }));

        foreach (var member in new[] { b, stranger, leaving, Guid.NewGuid() })
        {
            var (status, body) = await Api.AnswerProcurement(c, p, member, "commit");
            Assert.Equal(422, status);
            Assert.True(body.HasError("memberId"), body.ToString());
        }
        Assert.Equal(1, await VersionOf(c, p));
    }

    [Fact]
    public async Task A_contract_is_awarded_once_and_invoiced_once_after_the_award()
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, b, "commit"));

        Assert.Equal(409, (await Api.InvoiceProcurement(c, p, "1000.00")).Status);
        await Api.Ok(Api.AwardProcurement(c, p, "1000.00"));
        Assert.Equal(409, (await Api.AwardProcurement(c, p, "900.00")).Status);
        Assert.Equal(409, (await Api.AnswerProcurement(c, p, a, "decline")).Status);
        await Api.Ok(Api.InvoiceProcurement(c, p, "1000.00"));
        Assert.Equal(409, (await Api.InvoiceProcurement(c, p, "1000.00", invoiceNumber: "INV-2")).Status);

        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(6, read.GetProperty("version").GetInt32());
        Assert.Equal("1000.00", read.GetProperty("award").GetProperty("actualCost").Amount());
    }

    [Theory]
    [InlineData("1000.00", "USD", "7.1", "rateToBase")]     // the base currency takes no rate
    [InlineData("1000.00", "EUR", null, "rateToBase")]      // a foreign invoice needs one
    [InlineData("1000.00", "EUR", "0", "rateToBase")]
    [InlineData("0.00", "USD", null, "amount.amount")]
    [InlineData("1000.00", "XYZ", null, "amount")]
    public async Task Invoice_amounts_and_rates_are_checked_and_a_refusal_records_nothing(string amount, string currency, string? rate, string field)
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, b, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "1000.00"));

        var (status, body) = await Api.InvoiceProcurement(c, p, amount, currency, rate is null ? null : decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(422, status);
        Assert.True(body.HasError(field), body.ToString());
        var read = await Api.Ok(Api.Procurement(c, p));
        Assert.Equal(("awarded", 4), (read.GetProperty("status").GetString(), read.GetProperty("version").GetInt32()));
        Assert.Empty((await Api.Ok(Api.Obligations(c, a, 2026))).ProcurementItems());
    }

    [Theory]
    [InlineData("2026-11-26")] // before the award, recorded today
    [InlineData("2026-11-28")] // tomorrow
    public async Task The_invoice_is_dated_between_the_award_and_today(string invoiceDate)
    {
        var (c, a, b) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();
        await Api.Ok(Api.AnswerProcurement(c, p, a, "commit"));
        await Api.Ok(Api.AnswerProcurement(c, p, b, "commit"));
        await Api.Ok(Api.AwardProcurement(c, p, "1000.00"));

        var (status, body) = await Api.InvoiceProcurement(c, p, "1000.00", invoiceDate: invoiceDate);

        Assert.Equal(422, status);
        Assert.True(body.HasError("invoiceDate"), body.ToString());
        Assert.Equal(4, await VersionOf(c, p));
    }

    [Fact]
    public async Task A_proposal_is_checked_field_by_field_and_a_refusal_records_nothing()
    {
        var (c, a, _) = await TwoMembersWithATerm();
        var other = await Api.EstablishConsortium();
        var stranger = await Api.AdmitMember(other, "S");

        async Task Refused(Task<(int Status, System.Text.Json.JsonElement Body)> call, string field)
        {
            var (status, body) = await call;
            Assert.True(status == 422 && body.HasError(field), $"{field}: {status} {body}");
        }

        await Refused(Api.ProposeProcurement(c, "journals", Deadline), "sharingTerm");
        await Refused(Api.ProposeProcurement(c, "books", "2026-11-26"), "commitmentDeadline");
        await Refused(Api.ProposeProcurement(c, "books", Deadline, estimate: "0.00"), "estimatedCost.amount");
        await Refused(Api.ProposeProcurement(c, "books", Deadline, currency: "EUR"), "estimatedCost.currency");
        await Refused(Api.ProposeProcurement(c, "books", Deadline, invitedMembers: [a, stranger]), "invitedMembers[1]");
        await Refused(Api.ProposeProcurement(c, "books", Deadline, invitedMembers: []), "invitedMembers");
        await Refused(Api.ProposeProcurement(c, "books", Deadline, subject: " "), "subject");
        var noAgreement = await Api.EstablishConsortium();
        await Api.AdmitMember(noAgreement, "A");
        await Refused(Api.ProposeProcurement(noAgreement, "books", Deadline), "sharingTerm");

        Assert.Equal(0, (await Api.Ok(Api.Get($"/consortia/{c}/procurements"))).GetArrayLength());
        Assert.Equal(201, (await Api.ProposeProcurement(c, "books", "2026-11-27")).Status); // answers may come in until the end of the deadline day
    }

    [Fact]
    public async Task A_term_split_by_usage_cannot_price_a_one_off_purchase()
    {
        var c = await Api.EstablishConsortium();
        var a = await Api.AdmitMember(c, "A");
        await Api.Ok(Api.AdoptAgreementWithTerms(c, [a], new { databases = new { rule = new { method = "proportional", attribute = "usage" } } }), 201);

        var (status, body) = await Api.ProposeProcurement(c, "databases", Deadline);

        Assert.Equal(422, status);
        Assert.True(body.HasError("sharingTerm"), body.ToString());
    }

    [Fact]
    public async Task Unknown_and_foreign_procurements_are_not_found()
    {
        var (c, _, _) = await TwoMembersWithATerm();
        var (other, x, _) = await TwoMembersWithATerm();
        var theirs = (await Api.Ok(Api.ProposeProcurement(other, "books", Deadline), 201)).Id();

        Assert.Equal(404, (await Api.Procurement(c, theirs)).Status);
        Assert.Equal(404, (await Api.Procurement(c, Guid.NewGuid())).Status);
        Assert.Equal(404, (await Api.AnswerProcurement(c, theirs, x, "commit")).Status);
        Assert.Equal(404, (await Api.AwardProcurement(c, theirs, "1.00")).Status);
        Assert.Equal(404, (await Api.InvoiceProcurement(c, theirs, "1.00")).Status);
        Assert.Equal(404, (await Api.Get($"/consortia/{Guid.NewGuid()}/procurements")).Status);
        Assert.Equal(404, (await Api.ProposeProcurement(Guid.NewGuid(), "books", Deadline)).Status);
        Assert.Empty((await Api.Ok(Api.Get($"/consortia/{c}/procurements"))).EnumerateArray());
        Assert.Equal(1, await VersionOf(other, theirs));
    }

    [Fact]
    public async Task Malformed_bodies_are_a_400()
    {
        var (c, a, _) = await TwoMembersWithATerm();
        var p = (await Api.Ok(Api.ProposeProcurement(c, "books", Deadline), 201)).Id();

        Assert.Equal(400, (await Api.PostRaw($"/consortia/{c}/procurements/{p}/commitments", $"{{\"memberId\":\"{a}\",\"decision\":\"maybe\"}}")).Status);
        Assert.Equal(400, (await Api.PostRaw($"/consortia/{c}/procurements/{p}/commitments", $"{{\"memberId\":\"{a}\",\"decision\":\"commit\",\"note\":\"x\"}}")).Status);
        Assert.Equal(400, (await Api.PostRaw($"/consortia/{c}/procurements/{p}/award", "{\"vendor\":\"V\",\"actualCost\":{\"amount\":\"1.00\",\"currency\":\"USD\"},\"rate\":1}")).Status);
        Assert.Equal(400, (await Api.PostRaw($"/consortia/{c}/procurements", "{\"title\":")).Status);
        Assert.Equal(1, await VersionOf(c, p));
    }
}
