using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Consortia;
using SharingLedger.Membership;
using SharingLedger.Obligations;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// A member's shares of subscription terms that start in the fiscal year, as most recently apportioned,
/// each explained. A term belongs to the fiscal year in which it starts. Now: the member's items kept by
/// <see cref="SubscriptionProjection"/> (<see cref="MemberObligationItems"/>); as known at an earlier instant: every
/// subscription rebuilt from its events.
/// </summary>
public sealed class SubscriptionObligations : IObligationSource
{
    public const string Kind = "subscription";

    /// <summary>Every member's item for every apportioned term of the subscription, counted on the term's first day.</summary>
    public static IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)> ItemsOf(Subscription s) =>
        s.Terms.Where(t => t.Latest is not null)
            .SelectMany(t => t.Latest!.Cost.Lines.Select(l => l.MemberId).Distinct()
                .Select(m => (m, t.Start, Explain(s, t, t.Latest!, t.Latest!.Cost.LineOf(m)!))));

    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q) =>
        q.KnownAt is null ? reads.Items(q, Kind) : ct => AsKnownAsync(reads.Session, q, ct);

    private static async Task<IReadOnlyList<ObligationItem>> AsKnownAsync(IQuerySession session, ObligationQuery q, CancellationToken ct)
    {
        var subscriptions = await AsKnown.ManyAsync(session,
            await session.Query<Subscription>().Where(s => s.ConsortiumId == q.Consortium.Id).ToListAsync(ct), s => s.Id, q.KnownAt, ct);
        return subscriptions
            .SelectMany(s => s.Terms.Where(t => q.Counts(t.Start) && t.Latest?.Cost.LineOf(q.Member.Id) is not null)
                .Select(t => Explain(s, t, t.Latest!, t.Latest!.Cost.LineOf(q.Member.Id)!)))
            .ToList();
    }

    /// <summary>The member's share of the term as it stands, explained as in its obligations; null before the term is split or when it has no share.</summary>
    public static ObligationItem? ShareOf(Subscription s, SubscriptionTerm t, Guid memberId) =>
        t.Latest is { } a && a.Cost.LineOf(memberId) is { } line ? Explain(s, t, a, line) : null;

    private static ObligationItem Explain(Subscription s, SubscriptionTerm t, SubscriptionCostApportioned a, ShareLine line)
    {
        var invoice = t.Invoice!;
        var fx = invoice.RateToBase is { } rate ? $" ({invoice.Amount} at {rate} = {invoice.BaseAmount})" : "";
        var how = a.Cost.Method == "prorated"
            ? $"split day by day among the members taking part each day ({line.DaysActive} of {a.Cost.TermDays} days, {line.ActiveFrom:uuuu-MM-dd} to {line.ActiveTo:uuuu-MM-dd})"
            : $"split among {a.Cost.Lines.Count} participants";
        var phase = line.PhaseInYear is { } y ? $" Phase-in year {y} of {t.SharingTerm.PhaseInYears}." : "";
        var figures = line.FiguresOf(a.Cost.Total);
        if (a.Cost.Method == DecidedSplit.Method) // the agreement could not split it; finance decided the shares
            return new ObligationItem(Kind, $"{s.Resource} term {t.Number}", line.Amount, a.AgreementId, a.AgreementVersion,
                "decided by finance", line.Inputs, line.Weight, line.ExactAmount, 0,
                $"{s.Resource} from {s.Vendor}, term {t.Number} ({t.Start:uuuu-MM-dd} to {t.End:uuuu-MM-dd}): invoice {invoice.InvoiceNumber}{fx} could not be split " +
                $"by the agreement's '{a.SharingTermName}' term as written; finance decided this member's share of {line.Amount} ({a.Reason}), revision {a.Revision}. " +
                $"The shares decided add up to {a.Cost.Total - a.Cost.Shortfall}; the central fund bears the other {a.Cost.Shortfall}.", s.Id,
                LedgerItemId: MemberSubscriptions.ShareItemId(s.Id, t.Number));
        var explanation = $"{s.Resource} from {s.Vendor}, term {t.Number} ({t.Start:uuuu-MM-dd} to {t.End:uuuu-MM-dd}): invoice {invoice.InvoiceNumber}{fx} " +
            $"{how} by the agreement's '{a.SharingTermName}' term ({t.SharingTerm.Rule.Describe()}, agreement version {a.AgreementVersion}), revision {a.Revision}. " +
            $"This member's share: {figures.Sentence()}{phase}";
        return new ObligationItem(Kind, $"{s.Resource} term {t.Number}", line.Amount, a.AgreementId, a.AgreementVersion,
            t.SharingTerm.Rule.Describe(), line.Inputs, line.Weight, line.ExactAmount, line.RoundingAdjustmentMinor, explanation, s.Id,
            line.CapApplied, line.FloorApplied, line.PhaseInYear, line.DaysActive, Figures: figures, LedgerItemId: MemberSubscriptions.ShareItemId(s.Id, t.Number));
    }
}
