using NodaTime;
using SharingLedger.Agreements;

namespace SharingLedger.Restatements;

/// <summary>
/// Which recorded costs an agreement version re-prices: a cost whose pricing date (dues: the fiscal year's first day;
/// a subscription term: its first day; a procurement: the day it was proposed) now falls under this version, but which
/// was priced by an earlier one. A cost already priced by this version (or a later one) is not touched, which is what
/// makes a second restatement record nothing.
/// </summary>
public static class RestatementScope
{
    public static bool Touches(Agreement agreement, AgreementAdopted amendment, LocalDate pricedOn, int pricedByVersion) =>
        pricedByVersion < amendment.Version && agreement.InForceOn(pricedOn)?.Version == amendment.Version;
}
