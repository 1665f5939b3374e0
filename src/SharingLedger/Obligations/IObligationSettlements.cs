using Marten;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Obligations;

/// <summary>
/// What the ledger says of one obligation's item on the member's account (as of the query's date, as known at its instant):
/// <see cref="Gross"/> charged to it (its debits, a restatement's or revision's increase included), <see cref="Paid"/> (payments
/// naming it, net of reversals), <see cref="Credits"/> (credit notes, upheld disputes, write-offs, in kind, a restatement's or
/// revision's decrease), <see cref="AppliedFromAccount"/> (payments and credits held on account that the oldest-first rule
/// applied to it) and <see cref="Net"/>, what is still open: Gross − Paid − Credits − AppliedFromAccount = Net.
/// </summary>
public sealed record ItemSettlement(Money Gross, Money Paid, Money Credits, Money AppliedFromAccount, Money Net);

/// <summary>The year's figures on the account: the items' settlements added up (<see cref="ItemSettlement"/>).</summary>
public sealed record ObligationsAccount(Money Gross, Money Paid, Money Credits, Money AppliedFromAccount, Money Net);

/// <summary>
/// The ledger plugs in here what it knows of the obligations' items, so the obligations view shows gross, paid, credits and
/// net without naming the ledger. Keys are the ledger's item ids (<see cref="ObligationItem.LedgerItemId"/>).
/// </summary>
public interface IObligationSettlements
{
    Task<IReadOnlyDictionary<string, ItemSettlement>> ForItemsAsync(IQuerySession session, ObligationQuery q, IReadOnlyCollection<string> ledgerItemIds,
        CancellationToken ct);
}
