using System.Globalization;
using System.Text;

namespace SharingLedger.Reconciliation;

/// <summary>
/// The reconciliation as CSV for spreadsheets: one row per member share, and one summary row per cost
/// (member columns empty). Amounts are decimal strings in the currency named beside them.
/// </summary>
public static class ReconciliationCsv
{
    private static readonly string[] Header =
    [
        "kind", "source_id", "description", "vendor", "period_start", "period_end", "agreement_version", "revision",
        "contracted_amount", "contracted_currency", "invoice_number", "invoice_date", "invoice_amount", "invoice_currency",
        "rate_to_base", "base_amount", "difference_to_contract", "apportioned", "shortfall", "balanced",
        "member_code", "member_id", "member_share", "base_currency",
    ];

    public static string Write(ReconciliationReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Header));
        foreach (var line in report.Lines)
        {
            csv.AppendLine(Row(line, null, report.BaseCurrency));
            foreach (var share in line.Shares) csv.AppendLine(Row(line, share, report.BaseCurrency));
        }
        return csv.ToString();
    }

    private static string Row(ReconciliationLine l, ReconciledShare? share, string baseCurrency) => string.Join(',', new[]
    {
        l.Kind, l.SourceId.ToString("D"), l.Description, l.Vendor, Date(l.PeriodStart), Date(l.PeriodEnd),
        l.AgreementVersion?.ToString(CultureInfo.InvariantCulture) ?? "", l.Revision.ToString(CultureInfo.InvariantCulture),
        l.Contracted.ToDecimalString(), l.Contracted.Currency, l.Invoice?.Number ?? "", l.Invoice is null ? "" : Date(l.Invoice.Date),
        l.Invoice?.Amount.ToDecimalString() ?? "", l.Invoice?.Amount.Currency ?? "",
        l.Invoice?.RateToBase?.ToString(CultureInfo.InvariantCulture) ?? "", l.Invoice?.BaseAmount.ToDecimalString() ?? "",
        l.DifferenceToContract?.ToDecimalString() ?? "", l.Apportioned.ToDecimalString(), l.Shortfall.ToDecimalString(),
        l.Balanced ? "true" : "false",
        share?.MemberCode ?? "", share?.MemberId.ToString("D") ?? "", share?.Amount.ToDecimalString() ?? "", baseCurrency,
    }.Select(Escape));

    private static string Date(NodaTime.LocalDate d) => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting, and a leading quote on cells a spreadsheet would read as a formula.</summary>
    public static string Escape(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
