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

    /// <summary>
    /// Writes the CSV to <paramref name="output"/> a cost at a time (UTF-8, no byte order mark). A national year's is 72 MB (286,500
    /// share rows): made whole as one string it cost 1.35 GB of allocations; each cost's columns are now escaped once for all its
    /// shares' rows (docs/decisions.md, "The reconciliation's CSV written as it goes").
    /// </summary>
    public static async Task WriteAsync(ReconciliationReport report, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var rows = new StringBuilder();
        rows.AppendLine(string.Join(',', Header));
        var baseCurrency = Escape(report.BaseCurrency);
        foreach (var line in report.Lines)
        {
            var cost = Cost(line);
            rows.Append(cost).Append(",,,,").AppendLine(baseCurrency);
            foreach (var share in line.Shares)
                rows.Append(cost).Append(',').Append(Escape(share.MemberCode)).Append(',').Append(share.MemberId.ToString("D")).Append(',')
                    .Append(Escape(share.Amount.ToDecimalString())).Append(',').AppendLine(baseCurrency);
            await writer.WriteAsync(rows, ct);
            rows.Clear();
        }
        await writer.WriteAsync(rows, ct);
        await writer.FlushAsync(ct);
    }

    /// <summary>A cost's own columns, escaped and joined: the start of its summary row and of each of its shares' rows.</summary>
    private static string Cost(ReconciliationLine l) => string.Join(',', new[]
    {
        l.Kind, l.SourceId.ToString("D"), l.Description, l.Vendor, Date(l.PeriodStart), Date(l.PeriodEnd),
        l.AgreementVersion?.ToString(CultureInfo.InvariantCulture) ?? "", l.Revision.ToString(CultureInfo.InvariantCulture),
        l.Contracted.ToDecimalString(), l.Contracted.Currency, l.Invoice?.Number ?? "", l.Invoice is null ? "" : Date(l.Invoice.Date),
        l.Invoice?.Amount.ToDecimalString() ?? "", l.Invoice?.Amount.Currency ?? "",
        l.Invoice?.RateToBase?.ToString(CultureInfo.InvariantCulture) ?? "", l.Invoice?.BaseAmount.ToDecimalString() ?? "",
        l.DifferenceToContract?.ToDecimalString() ?? "", l.Apportioned.ToDecimalString(), l.Shortfall.ToDecimalString(),
        l.Balanced ? "true" : "false",
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
