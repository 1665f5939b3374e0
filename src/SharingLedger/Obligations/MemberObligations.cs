using System.Text.Json.Serialization;
using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Obligations;

/// <summary>
/// What a member owes for a fiscal year, each figure explained (<see cref="Items"/>, summed in <see cref="Total"/>),
/// and what it has promised to spend on its own (<see cref="Commitments"/>, never part of the total).
/// </summary>
public sealed record MemberObligations(
    Guid ConsortiumId,
    Guid MemberId,
    string MemberCode,
    string MemberName,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Money Total,
    IReadOnlyList<ObligationItem> Items,
    IReadOnlyList<CommitmentItem>? Commitments = null,
    Instant? KnownAt = null,
    LocalDate? AsOf = null,
    ObligationsAccount? Account = null);

/// <summary>
/// One obligation: what it is for (<paramref name="Kind"/>: dues, subscription, procurement), how much,
/// and how it was worked out. <paramref name="SourceId"/> is the stream the cost came from. <paramref name="Lending"/> carries
/// the figures of a <c>lending</c> item (supplied, borrowed, target ratio, minimum supplies, service-time breaches, free pages).
/// <paramref name="Figures"/> are the figures a share's explanation states, each recomputable from the ones before it (the base the
/// rule's fraction applies to, the percentage, the amount by the rule, the cap or floor and what it moved, the exact and charged
/// amounts); <paramref name="Weight"/> keeps the exact fraction for whoever asks. <paramref name="LedgerItemId"/> names the item the
/// obligation is billed as on the member's account, and <paramref name="Settlement"/> what the account says of it.
/// </summary>
public sealed record ObligationItem(
    string Kind,
    string Description,
    Money Amount,
    Guid AgreementId,
    int AgreementVersion,
    string Rule,
    IReadOnlyDictionary<BasisAttribute, decimal> Inputs,
    string Weight,
    string ExactAmount,
    long RoundingAdjustmentMinor,
    string Explanation,
    Guid? SourceId = null,
    Money? CapApplied = null,
    Money? FloorApplied = null,
    int? PhaseInYear = null,
    int? DaysActive = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Kernel.Lending.MemberLending? Lending = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShareFigures? Figures = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LedgerItemId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ItemSettlement? Settlement = null);
