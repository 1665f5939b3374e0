using System.Globalization;
using System.Text;
using SharingLedger.Reconciliation;

namespace SharingLedger.Restatements;

/// <summary>
/// The restatement report as CSV: one row per member and item, then one "member total" row per member and one "total"
/// row (item columns empty), then a "left as decided" row per split finance decided that the restatement left (amounts empty). Amounts are decimal strings in the currency named in the last column.
/// </summary>
public static class RestatementCsv
{
    private const string Header = "row,member_code,member_id,kind,item_id,source_id,description,agreement_version,replaces_version,before,after,difference,currency";

    public static string Write(RestatementReport report)
    {
        var csv = new StringBuilder().AppendLine(Header);
        var version = report.AgreementVersion.ToString(CultureInfo.InvariantCulture);
        foreach (var m in report.Members)
        {
            foreach (var l in m.Lines)
                csv.AppendLine(Row("item", m.MemberCode, m.MemberId.ToString("D"), l.Kind, l.ItemId, l.SourceId.ToString("D"), l.Description, version,
                    l.ReplacesAgreementVersion.ToString(CultureInfo.InvariantCulture), l.Before.ToDecimalString(), l.After.ToDecimalString(),
                    l.Difference.ToDecimalString(), report.Currency));
            csv.AppendLine(Row("member total", m.MemberCode, m.MemberId.ToString("D"), "", "", "", "", version, "",
                m.Before.ToDecimalString(), m.After.ToDecimalString(), m.Difference.ToDecimalString(), report.Currency));
        }
        csv.AppendLine(Row("total", "", "", "", "", "", "", version, "",
            report.Before.ToDecimalString(), report.After.ToDecimalString(), report.Difference.ToDecimalString(), report.Currency));
        foreach (var l in report.LeftAsDecided) // amounts empty: nothing was re-priced
            csv.AppendLine(Row("left as decided", "", "", l.Kind, "", l.SourceId.ToString("D"), $"{l.Description}: {l.Reason}", version,
                l.PricedByAgreementVersion.ToString(CultureInfo.InvariantCulture), "", "", "", report.Currency));
        return csv.ToString();
    }

    private static string Row(params string[] cells) => string.Join(',', cells.Select(ReconciliationCsv.Escape));
}
