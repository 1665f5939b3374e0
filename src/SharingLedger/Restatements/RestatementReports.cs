using Marten;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Dues;
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

        foreach (var s in await session.Query<Subscription>().Where(s => s.ConsortiumId == consortium.Id).ToListAsync(ct))
            foreach (var t in s.Terms)
                foreach (var r in t.Apportionments.Where(a => a.AgreementVersion == version && a.ReplacesAgreementVersion is not null))
                {
                    var previous = t.Apportionments.Single(a => a.Revision == r.Revision - 1);
                    lines.AddRange(ShareDifferences.Compare(previous.Cost.Lines, r.Cost.Lines, r.Cost.Total.Currency).Select(d =>
                        (d, Line("subscription", PostingRules.SubscriptionItem(r), s.Id, $"{s.Resource} term {t.Number}", r.ReplacesAgreementVersion!.Value, d))));
                }

        foreach (var p in await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortium.Id).ToListAsync(ct))
            foreach (var r in p.Restatements.Where(r => r.AgreementVersion == version))
                lines.AddRange(r.Differences.Select(d => (d, Line("procurement", $"procurement:{p.Id:N}", p.Id, $"Joint procurement: {p.Proposal.Title}", r.ReplacesAgreementVersion, d))));

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
        return new RestatementReport(consortium.Id, amendment.AgreementId, version, amendment.EffectiveFrom, currency, members,
            total.Before, total.After, total.Difference);
    }

    private static RestatementLine Line(string kind, string itemId, Guid sourceId, string description, int replaces, RestatedShare d) =>
        new(kind, itemId, sourceId, description, replaces, d.Before, d.After, d.Difference);

    private static (Money Before, Money After, Money Difference) Totals(IReadOnlyCollection<RestatementLine> lines, string currency) =>
        (Money.Sum(lines.Select(l => l.Before), currency), Money.Sum(lines.Select(l => l.After), currency), Money.Sum(lines.Select(l => l.Difference), currency));

    private static (Money Before, Money After, Money Difference) Totals(IEnumerable<RestatementLine> lines, string currency) => Totals(lines.ToList(), currency);
}
