using NodaTime;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Obligations;

/// <summary>What a member owes for a fiscal year, each figure explained.</summary>
public sealed record MemberObligations(
    Guid ConsortiumId,
    Guid MemberId,
    string MemberCode,
    string MemberName,
    int FiscalYear,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    Money Total,
    IReadOnlyList<ObligationItem> Items);

/// <summary>One obligation: what it is for, how much, and how it was worked out.</summary>
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
    string Explanation);
