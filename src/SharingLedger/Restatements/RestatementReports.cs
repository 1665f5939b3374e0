using Marten;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Kernel.Money;
using SharingLedger.Ledger;
using SharingLedger.Loans;
using SharingLedger.Procurement;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using SharingLedger.Clearing;

namespace SharingLedger.Restatements;

/// <summary>Builds an agreement version's restatement report from the adjusting events its restatement recorded.</summary>
public static class RestatementReports
{
    public static async Task<RestatementReport> BuildAsync(IQuerySession session, Consortium consortium, AgreementAdopted amendment, CancellationToken ct)
    {
        var version = amendment.Version;
        var lines = new List<(RestatedShare Share, RestatementLine Line)>();

        foreach (var dues in await session.Query<DuesAssessment>().Where(d => d.ConsortiumId == consortium.Id).ToListAsync(ct))
            foreach (var r in dues.Restatements.Where(r => r.AgreementVersion == version))
                lines.AddRange(r.Differences.Select(d => (d, Line("dues", $"dues:{dues.Id:N}", dues.Id, $"Annual dues {dues.FiscalYear}", r.ReplacesAgreementVersion, d))));

        var subscriptions = await session.Query<Subscription>().Where(s => s.ConsortiumId == consortium.Id).ToListAsync(ct);
        var procurements = await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortium.Id).ToListAsync(ct);
        foreach (var s in subscriptions)
            foreach (var t in s.Terms)
                foreach (var r in t.Apportionments.Where(a => a.AgreementVersion == version && a.ReplacesAgreementVersion is not null))
                {
                    var previous = t.Apportionments.Single(a => a.Revision == r.Revision - 1);
                    lines.AddRange(ShareDifferences.Compare(previous.Cost.Lines, r.Cost.Lines, r.Cost.Total.Currency).Select(d =>
                        (d, Line("subscription", PostingRules.SubscriptionItem(r), s.Id, $"{s.Resource} term {t.Number}", r.ReplacesAgreementVersion!.Value, d))));
                }

        foreach (var p in procurements)
        {
            foreach (var r in p.Restatements.Where(r => r.AgreementVersion == version))
                lines.AddRange(r.Differences.Select(d => (d, Line("procurement", $"procurement:{p.Id:N}", p.Id, $"Joint procurement: {p.Proposal.Title}", r.ReplacesAgreementVersion, d))));
            foreach (var r in p.Resolutions.Where(r => r.AgreementVersion == version)) // the split waited for a decision: nothing was billed before
                lines.AddRange(ShareDifferences.Compare([], r.Lines, r.Total.Currency).Select(d => (d, Line("procurement", $"procurement:{p.Id:N}", p.Id,
                    $"Joint procurement: {p.Proposal.Title} (its split was waiting for a decision)", r.ReplacesAgreementVersion!.Value, d))));
        }

        foreach (var c in await session.Query<ClearingSettlement>().Where(c => c.ConsortiumId == consortium.Id).ToListAsync(ct))
            foreach (var r in c.Restatements.Where(r => r.AgreementVersion == version))
                lines.AddRange(r.Differences.Select(d => (d, Line("clearing", $"clearing:{c.Month}", c.Id, $"Interlibrary-loan clearing {c.Month}", r.ReplacesAgreementVersion, d))));

        var currency = consortium.BaseCurrency;
        var members = lines.GroupBy(l => l.Share.MemberId)
            .Select(g =>
            {
                var items = g.Select(x => x.Line).OrderBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.Description, StringComparer.Ordinal).ToList();
                var (before, after, difference) = Totals(items, currency);
                return new MemberRestatement(g.Key, g.Last().Share.MemberCode, items, before, after, difference);
            })
            .OrderBy(m => m.MemberCode, StringComparer.Ordinal)
            .ToList();
        var total = Totals(members.SelectMany(m => m.Lines), currency);
        var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(consortium.Id), ct);
        return new RestatementReport(consortium.Id, amendment.AgreementId, version, amendment.EffectiveFrom, currency, members,
            total.Before, total.After, total.Difference, agreement is null ? [] : LeftAsDecided(agreement, amendment, subscriptions, procurements));
    }

    /// <summary>
    /// The splits finance decided that the amendment would otherwise re-price (in its scope, with a sharing term of the same name): a
    /// restatement leaves them as decided. Derived from the costs as they stand, so the report says it whether or not a restatement ran.
    /// </summary>
    public static List<LeftAsDecided> LeftAsDecided(Agreement agreement, AgreementAdopted amendment, IEnumerable<Subscription> subscriptions,
        IEnumerable<JointProcurement> procurements)
    {
        var left = new List<LeftAsDecided>();
        foreach (var s in subscriptions)
            foreach (var t in s.Terms.Where(t => t.SplitDecidedByFinance && Governs(agreement, amendment, t.Start, t.AgreementVersion, t.SharingTermName)))
                left.Add(new LeftAsDecided("subscription", s.Id, $"{s.Resource} term {t.Number}", t.AgreementVersion,
                    $"Left as decided: finance decided this split ({t.Latest!.Reason}); a restatement does not re-price a recorded decision.",
                    Subscriptions.SubscriptionSplitDecisions.FinanceWords(t.Latest!.Reason)));
        foreach (var p in procurements.Where(p => p.SplitDecidedByFinance
                     && Governs(agreement, amendment, p.Proposal.ProposedOn, p.Apportionment!.AgreementVersion, p.Apportionment.SharingTermName)))
            left.Add(new LeftAsDecided("procurement", p.Id, $"Joint procurement: {p.Proposal.Title}", p.Apportionment!.AgreementVersion,
                $"Left as decided: finance decided this split ({p.Apportionment.DecidedBecause}); a restatement does not re-price a recorded decision.",
                p.Apportionment.DecidedBecause!));
        return left.OrderBy(l => l.Kind, StringComparer.Ordinal).ThenBy(l => l.Description, StringComparer.Ordinal).ToList();
    }

    private static bool Governs(Agreement agreement, AgreementAdopted amendment, NodaTime.LocalDate pricedOn, int pricedBy, string termName) =>
        RestatementScope.Touches(agreement, amendment, pricedOn, pricedBy) && amendment.CostSharing?.ContainsKey(termName) == true;

    private static RestatementLine Line(string kind, string itemId, Guid sourceId, string description, int replaces, RestatedShare d) =>
        new(kind, itemId, sourceId, description, replaces, d.Before, d.After, d.Difference);

    private static (Money Before, Money After, Money Difference) Totals(IReadOnlyCollection<RestatementLine> lines, string currency) =>
        (Money.Sum(lines.Select(l => l.Before), currency), Money.Sum(lines.Select(l => l.After), currency), Money.Sum(lines.Select(l => l.Difference), currency));

    private static (Money Before, Money After, Money Difference) Totals(IEnumerable<RestatementLine> lines, string currency) => Totals(lines.ToList(), currency);
}
