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
/// each explained. A term belongs to the fiscal year in which it starts.
/// </summary>
public sealed class SubscriptionObligations : IObligationSource
{
    public async Task<IReadOnlyList<ObligationItem>> ForMemberAsync(IQuerySession session, ObligationQuery q, CancellationToken ct)
    {
        var subscriptions = await AsKnown.ManyAsync(session,
            await session.Query<Subscription>().Where(s => s.ConsortiumId == q.Consortium.Id).ToListAsync(ct), s => s.Id, q.KnownAt, ct);
        return subscriptions
            .SelectMany(s => s.Terms.Where(t => q.Counts(t.Start) && t.Latest?.Cost.LineOf(q.Member.Id) is not null)
                .Select(t => Explain(s, t, t.Latest!, t.Latest!.Cost.LineOf(q.Member.Id)!)))
            .ToList();
    }

    private static ObligationItem Explain(Subscription s, SubscriptionTerm t, SubscriptionCostApportioned a, ShareLine line)
    {
        var invoice = t.Invoice!;
        var fx = invoice.RateToBase is { } rate ? $" ({invoice.Amount} at {rate} = {invoice.BaseAmount})" : "";
        var how = a.Cost.Method == "prorated"
            ? $"split day by day among the members taking part each day ({line.DaysActive} of {a.Cost.TermDays} days, {line.ActiveFrom:uuuu-MM-dd} to {line.ActiveTo:uuuu-MM-dd})"
            : $"split among {a.Cost.Lines.Count} participants";
        var bound = line.CapApplied is { } cap ? $" Capped at {cap}." : line.FloorApplied is { } floor ? $" Raised to the floor of {floor}." : "";
        var phase = line.PhaseInYear is { } y ? $" Phase-in year {y} of {t.SharingTerm.PhaseInYears}." : "";
        var rounding = line.RoundingAdjustmentMinor == 0 ? "no rounding adjustment" : $"{line.RoundingAdjustmentMinor:+0;-0} minor unit by largest-remainder rounding";
        if (a.Cost.Method == "decided") // the agreement could not split it; finance decided the shares
            return new ObligationItem("subscription", $"{s.Resource} term {t.Number}", line.Amount, a.AgreementId, a.AgreementVersion,
                "decided by finance", line.Inputs, line.Weight, line.ExactAmount, 0,
                $"{s.Resource} from {s.Vendor}, term {t.Number} ({t.Start:uuuu-MM-dd} to {t.End:uuuu-MM-dd}): invoice {invoice.InvoiceNumber}{fx} could not be split " +
                $"by the agreement's '{a.SharingTermName}' term as written; finance decided this member's share of {line.Amount} ({a.Reason}), revision {a.Revision}. " +
                $"The shares decided add up to {a.Cost.Total - a.Cost.Shortfall}; the central fund bears the other {a.Cost.Shortfall}.", s.Id);
        var explanation = $"{s.Resource} from {s.Vendor}, term {t.Number} ({t.Start:uuuu-MM-dd} to {t.End:uuuu-MM-dd}): invoice {invoice.InvoiceNumber}{fx} " +
            $"{how} by the agreement's '{a.SharingTermName}' term ({t.SharingTerm.Rule.Describe()}, agreement version {a.AgreementVersion}), revision {a.Revision}. " +
            $"This member's exact share is {line.Weight} = {line.ExactAmount} {line.Amount.Currency}, charged as {line.Amount} ({rounding}).{bound}{phase}";
        return new ObligationItem("subscription", $"{s.Resource} term {t.Number}", line.Amount, a.AgreementId, a.AgreementVersion,
            t.SharingTerm.Rule.Describe(), line.Inputs, line.Weight, line.ExactAmount, line.RoundingAdjustmentMinor, explanation, s.Id,
            line.CapApplied, line.FloorApplied, line.PhaseInYear, line.DaysActive);
    }
}
