using Marten;
using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Loans;
using SharingLedger.Procurement;
using SharingLedger.Subscriptions;
using Wolverine.Http;
using Wolverine.Http.Marten;
using SharingLedger.Clearing;

namespace SharingLedger.Restatements;

/// <summary>
/// What a restatement request recorded: how many costs it re-priced (dues years, subscription terms, procurements, including a
/// procurement whose split waited for a decision and which the amendment can split, lending charges; a settled clearing month
/// restated because of its charges is not counted again), and the version's report. Splits finance decided are left as they
/// stand and listed in the report's <c>leftAsDecided</c>.
/// </summary>
public sealed record RestatementResult(int Restated, RestatementReport Report);

public static class RestateCostsEndpoint
{
    public static IResult Validate(Guid consortiumId, Consortium? consortium) =>
        consortium is null ? Problems.NotFound("consortium", consortiumId) : WolverineContinue.Result();

    /// <summary>
    /// Re-prices every recorded cost that agreement version <c>version</c> (a retroactive amendment) now governs but an earlier
    /// version priced: dues, subscription terms, procurement shares and lending charges (with their settled clearing months). Records adjusting events, never edits; a second
    /// request finds nothing left to re-price and records nothing.
    /// </summary>
    [ProducesResponseType(typeof(RestatementResult), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/agreement/versions/{version}/restatement")]
    [Infrastructure.Api.IdempotentByItself]
    public static async Task<IResult> Post(Guid consortiumId, int version, IDocumentSession session, IClock clock, CancellationToken ct,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortiumId), ct);
        var amendment = agreement?.Versions.FirstOrDefault(v => v.Version == version);
        if (agreement is null || amendment is null) return Problems.NotFound($"agreement version {version} of consortium", consortiumId);
        if (version == 1) return Problems.RuleViolated("version", "Version 1 is the first agreement: it amends nothing, so there is nothing to restate.");

        await WriteLocks.ClearingExclusiveAsync(session, consortiumId, ct); // charges re-priced and months cleared again without a loan action or settlement in between
        var now = clock.GetCurrentInstant();
        var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
        var restated = 0;
        try
        {
            foreach (var dues in await session.Query<DuesAssessment>().Where(d => d.ConsortiumId == consortiumId).ToListAsync(ct))
            {
                var current = dues.Current;
                if (!RestatementScope.Touches(agreement, amendment, current.PeriodStart, current.AgreementVersion)) continue;
                session.Events.Append(dues.Id, dues.Version + 1, DuesRestatement.Restate(dues, amendment, members.Values.ToList(), now));
                restated++;
            }

            foreach (var subscription in await session.Query<Subscription>().Where(s => s.ConsortiumId == consortiumId).ToListAsync(ct))
            {
                var events = new List<object>();
                foreach (var term in subscription.Terms)
                {
                    if (!RestatementScope.Touches(agreement, amendment, term.Start, term.AgreementVersion)) continue;
                    if (amendment.CostSharing?.GetValueOrDefault(term.SharingTermName) is not { } sharingTerm) continue;
                    if (term.SplitDecidedByFinance) continue; // a recorded decision stands; the report says so (LeftAsDecided)
                    events.AddRange(SubscriptionRestatement.Restate(subscription, term, amendment, sharingTerm, members, now));
                    restated++;
                }
                if (events.Count > 0) session.Events.Append(subscription.Id, subscription.Version + events.Count, events.ToArray());
            }

            foreach (var procurement in await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortiumId).ToListAsync(ct))
            {
                if (procurement.PendingSplit is not null && procurement.Invoice is { } invoice
                    && RestatementScope.Touches(agreement, amendment, procurement.Proposal.ProposedOn, procurement.Proposal.AgreementVersion)
                    && amendment.CostSharing?.GetValueOrDefault(procurement.Proposal.SharingTermName) is { } amended
                    && ProcurementRestatement.Resolve(procurement, amendment, amended, members, consortium!.Calendar().YearOf(invoice.InvoiceDate), now) is { } split)
                {
                    session.Events.Append(procurement.Id, procurement.Version + 1, split);
                    restated++;
                    continue;
                }
                if (procurement.Apportionment is not { } priced) continue;
                if (!RestatementScope.Touches(agreement, amendment, procurement.Proposal.ProposedOn, priced.AgreementVersion)) continue;
                if (amendment.CostSharing?.GetValueOrDefault(priced.SharingTermName) is not { } sharingTerm) continue;
                if (procurement.SplitDecidedByFinance) continue; // a recorded decision stands; the report says so (LeftAsDecided)
                session.Events.Append(procurement.Id, procurement.Version + 1, ProcurementRestatement.Restate(procurement, amendment, sharingTerm, members, now));
                restated++;
            }

            var lending = LendingRestatement.Restate(consortiumId, consortium!.BaseCurrency, agreement, amendment,
                await LoanAccess.LoansAsync(session, consortiumId, null, ct), members.Values.ToList(),
                await session.Query<ClearingSettlement>().Where(c => c.ConsortiumId == consortiumId).ToListAsync(ct), now);
            foreach (var (loan, e) in lending.Charges) session.Events.Append(loan.Id, loan.Version + 1, e);
            foreach (var (settlement, e) in lending.Months) session.Events.Append(settlement.Id, settlement.Version + 1, e);
            restated += lending.Charges.Count;
        }
        catch (CostSharingException e)
        {
            session.EjectAllPendingChanges(); // the items restated before the one that failed: a refused request records nothing
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError(x.Field, x.Message)));
        }

        // Saved here, not by Wolverine after the endpoint, because the report below reads the restated documents back. A
        // restatement is idempotent by itself (a second run records nothing), so it takes no Idempotency-Key claim.
        if (restated > 0) await session.SaveChangesAsync(ct);
        return Results.Ok(new RestatementResult(restated, await RestatementReports.BuildAsync(session, consortium!, amendment, ct)));
    }
}
