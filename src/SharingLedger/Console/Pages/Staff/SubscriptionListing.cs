using NodaTime;
using SharingLedger.Kernel.Money;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>
/// A subscription's current term as the subscriptions page shows it: immutable, so a node can keep the consortium's list
/// (<see cref="Infrastructure.Answers.ConsortiumMemo"/>) without the documents (0.8 MB each at 2,000 participants).
/// </summary>
public sealed record SubscriptionListing(Guid Id, string Resource, string Vendor, int Term, LocalDate Start, LocalDate End, Money Price,
    string SharingTermName, int AgreementVersion, SubscriptionInvoiced? Invoice, SplitListing? Split)
{
    /// <summary><paramref name="s"/>'s current term, its split's lines kept when there are at most <paramref name="linesKept"/>.</summary>
    public static SubscriptionListing Of(Subscription s, int linesKept)
    {
        var t = s.Current;
        var split = t.Latest is { } a
            ? new SplitListing(a.Cost.Method, a.Revision, a.Cost.Total, a.Cost.Shortfall, a.Cost.Lines.Count, a.Cost.Lines.Count <= linesKept ? a.Cost.Lines : [])
            : null;
        return new SubscriptionListing(s.Id, s.Resource, s.Vendor, t.Number, t.Start, t.End, t.Price, t.SharingTermName, t.AgreementVersion, t.Invoice, split);
    }
}

/// <summary>A term's latest split: how, which revision, the total and the shortfall, how many members share it, and their lines when kept.</summary>
public sealed record SplitListing(string Method, int Revision, Money Total, Money Shortfall, int Members, IReadOnlyList<ShareLine> Lines)
{
    public bool LinesKept => Lines.Count == Members;
}
