using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Ledger;

/// <summary>The named accounts of a consortium's books (see docs/decisions.md, "Member accounts (issue 5)").</summary>
public static class Accounts
{
    /// <summary>What a member owes the consortium (debit balance). One per member.</summary>
    public const string MemberReceivable = "member-receivable";
    /// <summary>What the consortium owes a member (credit balance). One per member.</summary>
    public const string MemberPayable = "member-payable";
    /// <summary>The interlibrary-loan clearing account: settled months pass through it; it nets to zero per month.</summary>
    public const string Clearing = "clearing";
    /// <summary>The consortium's central fund: dues, transaction fees and cost recoveries in; vendor costs, shortfalls, credits and write-offs out.</summary>
    public const string CentralFund = "central-fund";
    /// <summary>What the consortium owes a vendor for an invoice (credit balance). Party = the vendor.</summary>
    public const string VendorPayable = "vendor-payable";
    /// <summary>Money received into the consortium's bank account (payments from members).</summary>
    public const string Bank = "bank";

    public static readonly IReadOnlyList<string> All = [MemberReceivable, MemberPayable, Clearing, CentralFund, VendorPayable, Bank];
}

/// <summary>
/// One line of double entry: a debit or a credit (never both) in minor units of one currency on one account,
/// traced to the event that caused it (its id, stream, version and recorded instant) and the agreement
/// version that priced it. It does not record the event's global sequence: written inline, the posting is made before
/// Marten's quick append numbers the event, so only a replay could know it (the event's id finds it in the log). Every event's postings sum to zero per currency.
/// </summary>
public sealed class Posting
{
    /// <summary>"{eventId}/{line}": deterministic, so re-projecting an event overwrites instead of duplicating.</summary>
    public string Id { get; set; } = "";
    public Guid ConsortiumId { get; set; }
    public string Account { get; set; } = "";
    public Guid? MemberId { get; set; }
    /// <summary>A vendor for vendor payables; otherwise null.</summary>
    public string? Party { get; set; }
    public long Debit { get; set; }
    public long Credit { get; set; }
    public string Currency { get; set; } = "";
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public Guid StreamId { get; set; }
    public long StreamVersion { get; set; }
    public int Line { get; set; }
    public Guid? AgreementId { get; set; }
    public int? AgreementVersion { get; set; }
    /// <summary>
    /// The date the posting counts on (as-of queries, ordering, ageing): the fact's own date (<see cref="FactDate"/>) when its
    /// fiscal period was open when the fact was recorded; otherwise the first day of the first open period after it.
    /// </summary>
    public LocalDate BusinessDate { get; set; }
    /// <summary>The date the fact belongs to (dues period start, invoice date, settled month's end, payment date).</summary>
    public LocalDate FactDate { get; set; }
    /// <summary>The fiscal period ("yyyy-MM") the posting is in.</summary>
    public string Period { get; set; } = "";
    /// <summary>When the fact's own period was closed: that period ("yyyy-MM"); the posting is an adjustment in <see cref="Period"/>.</summary>
    public string? AdjustsPeriod { get; set; }
    /// <summary>When the ledger learned it (the event's recorded timestamp).</summary>
    public Instant RecordedAt { get; set; }
    public string Memo { get; set; } = "";
    /// <summary>
    /// The member's item a receivable posting belongs to, named by what it bills ("dues:{assessment}", "subscription:{id}:{term}",
    /// "procurement:{id}", "clearing:{month}"): debits raise it, credits naming it (allocated payment, credit note, upheld
    /// dispute, write-off, a revision's credit) reduce it. Null for a credit on account.
    /// </summary>
    public string? ItemId { get; set; }

    /// <summary>
    /// <see cref="BusinessDate"/> as a day number (days since 0001-01-01) and <see cref="RecordedAt"/> as ticks since the Unix
    /// epoch: plain numbers that Marten duplicates into indexed columns (<see cref="PostingColumns"/>), because it cannot
    /// duplicate NodaTime values. Computed, so they always agree with the dates (also after <see cref="PostingPeriods"/> moves one).
    /// </summary>
    public int BusinessDay => DayOf(BusinessDate);
    public long RecordedTicks => TicksOf(RecordedAt);

    /// <summary>
    /// The open item the posting counts towards when items are added up (<see cref="PostingSql.OpenItemsAsync"/>): the item it
    /// names, else the posting itself (a debit naming no item is its own item; a credit naming none is on account).
    /// Duplicated into an indexed column, so items are grouped in index order instead of sorted on every read.
    /// </summary>
    public string ItemKey => ItemId ?? Id;

    public static int DayOf(LocalDate date) => date.ToDateOnly().DayNumber;
    public static long TicksOf(Instant instant) => instant.ToUnixTimeTicks();

    /// <summary>Debit minus credit (a debit balance is positive).</summary>
    public long Net => Debit - Credit;
    public Money DebitMoney() => new(Debit, Currency);
    public Money CreditMoney() => new(Credit, Currency);
}

/// <summary>Where an event sits in the store: what <see cref="PostingRules"/> needs besides the event's data.</summary>
public sealed record PostingSource(Guid EventId, string EventType, Guid StreamId, long StreamVersion, Instant RecordedAt);

/// <summary>Facts the rules cannot read from an event whose data lacks them (a subscription invoice names neither consortium nor vendor).</summary>
public sealed record PostingContext(Guid? ConsortiumId = null, string? Vendor = null);
