using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Marten;
using SharingLedger.Consortia;
using SharingLedger.Membership;
using SharingLedger.Obligations;
using SharingLedger.Sharing;

namespace SharingLedger.Procurement;

/// <summary>
/// A member's shares of joint purchases as obligations: one item per procurement invoiced in the fiscal year
/// (by invoice date) whose cost the member shares because it committed, explained.
/// </summary>
public sealed class ProcurementObligations : IObligationSource
{
    public const string Kind = "procurement";

    /// <summary>Every committed member's item once the cost is apportioned, counted on the day it was priced.</summary>
    public static IEnumerable<(Guid MemberId, LocalDate CountsOn, ObligationItem Item)> ItemsOf(JointProcurement p) =>
        p.Apportionment is not { } c ? [] : c.Lines.Select(l => l.MemberId).Distinct().Select(m => (m, c.PricedOn, Explain(p, c.LineOf(m)!)));

    /// <summary>Now: the member's items kept by <see cref="JointProcurementProjection"/>; as known at an instant: rebuilt from the events.</summary>
    public PendingItems<ObligationItem> Read(ObligationReads reads, ObligationQuery q) =>
        q.KnownAt is null ? reads.Items(q, Kind) : ct => AsKnownAsync(reads.Session, q, ct);

    private static async Task<IReadOnlyList<ObligationItem>> AsKnownAsync(IQuerySession session, ObligationQuery q, CancellationToken ct)
    {
        var procurements = await AsKnown.ManyAsync(session,
            await session.Query<JointProcurement>().Where(p => p.ConsortiumId == q.Consortium.Id).ToListAsync(ct), p => p.Id, q.KnownAt, ct);
        return procurements
            .Where(p => p.Apportionment is { } c && q.Counts(c.PricedOn) && c.LineOf(q.Member.Id) is not null)
            .OrderBy(p => p.Apportionment!.PricedOn).ThenBy(p => p.Id)
            .Select(p => Explain(p, p.Apportionment!.LineOf(q.Member.Id)!))
            .ToList();
    }

    private static ObligationItem Explain(JointProcurement p, ShareLine line)
    {
        var c = p.Apportionment!;
        var invoice = p.Invoice!;
        var rule = c.SharingTerm.Rule.Describe();
        var text = $"Joint procurement '{p.Proposal.Title}' ({p.Proposal.Subject}), awarded to {p.Award!.Vendor}: " +
                   $"invoice {invoice.InvoiceNumber} of {invoice.InvoiceDate:uuuu-MM-dd} for {invoice.Amount}";
        text += invoice.RateToBase is { } rate
            ? $", converted once at {rate} {invoice.BaseAmount.Currency} per {invoice.Amount.Currency}: {invoice.Amount.ToDecimalString()} × {rate} = " +
              $"{invoice.ExactBaseAmount}, rounded half away from zero to {invoice.BaseAmount}. "
            : ". ";
        if (c.DecidedBecause is { } why) // the agreement could not split it; finance decided the shares
            return new ObligationItem(Kind, $"Joint procurement: {p.Proposal.Title}", line.Amount, c.AgreementId, c.AgreementVersion,
                "decided by finance", line.Inputs, line.Weight, line.ExactAmount, 0,
                text + $"It could not be split by the agreement's '{c.SharingTermName}' term as written; finance decided this member's share of {line.Amount} ({why}). " +
                $"The shares decided add up to {c.Total - c.Shortfall}; the central fund bears the other {c.Shortfall}.", p.Id,
                LedgerItemId: $"procurement:{p.Id:N}");
        var committed = c.Lines.Select(l => l.MemberCode).ToList();
        text += $"Split {rule} (term '{c.SharingTermName}' of agreement version {c.AgreementVersion}) among the {committed.Count} " +
                $"committed member(s) {string.Join(", ", committed)}; members who declined or did not answer pay nothing. " +
                "This member's share: ";
        var figures = line.FiguresOf(c.Total);
        text += figures.Sentence();
        if (c.Shortfall.IsPositive) text += $" {c.Shortfall} could not be carried by anyone and is an explicit shortfall.";
        if (line.Inputs.Count > 0)
            text += $" Inputs as of {c.PricedOn:uuuu-MM-dd}: " +
                    string.Join(", ", line.Inputs.Select(i => $"{i.Key.ToString().ToLowerInvariant()} {i.Value}")) + ".";
        if (c.ResolvedBecause is { } resolved) text += " " + resolved;
        return new ObligationItem(Kind, $"Joint procurement: {p.Proposal.Title}", line.Amount, c.AgreementId, c.AgreementVersion,
            rule, line.Inputs, line.Weight, line.ExactAmount, line.RoundingAdjustmentMinor, text, p.Id, line.CapApplied, line.FloorApplied,
            line.PhaseInYear, line.DaysActive, Figures: figures, LedgerItemId: $"procurement:{p.Id:N}");
    }
}
