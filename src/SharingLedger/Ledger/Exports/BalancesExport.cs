using System.Text;
using Marten;
using NodaTime;
using SharingLedger.Kernel.Money;
using Wolverine.Http;

namespace SharingLedger.Ledger.Exports;

/// <summary>
/// The council's balances as a table, the same rows for CSV and XLSX. A flat consortium lists its members. A multi-level
/// consortium lists each hub's group (the hub's own row first) followed by a <c>hub-total</c> row, then one <c>total</c>
/// row for the consortium; its table starts with the columns <c>row</c> (member, hub-total, total) and <c>hub_code</c>.
/// </summary>
public static class BalancesExport
{
    private static readonly string[] Figures =
        ["assessed", "paid", "credits", "in_kind", "payable", "outstanding", "days_0_30", "days_31_60", "days_61_90", "days_over_90"];

    public sealed record Row(string? Kind, string? HubCode, Guid? MemberId, string? MemberCode, IReadOnlyList<Money> Amounts, string Currency);

    public static IReadOnlyList<string> Header(BalancesView view) =>
        [.. view.RollUp is null ? [] : new[] { "row", "hub_code" }, "member_id", "member_code", .. Figures, "currency"];

    public static IReadOnlyList<Row> Rows(BalancesView view)
    {
        var currency = view.Currency;
        if (view.RollUp is not { } rollUp)
            return view.Members.Select(m => new Row(null, null, m.MemberId, m.MemberCode, AmountsOf(m, currency), currency)).ToList();
        var rows = new List<Row>();
        foreach (var hub in rollUp.Hubs)
        {
            rows.AddRange(hub.Members.Select(m => new Row("member", hub.HubCode, m.MemberId, m.MemberCode, AmountsOf(m, currency), currency)));
            rows.Add(new Row("hub-total", hub.HubCode, hub.HubId, null, AmountsOf(hub.Totals), currency));
        }
        rows.Add(new Row("total", null, null, null, AmountsOf(rollUp.Consortium), currency));
        return rows;
    }

    private static Money[] AmountsOf(MemberBalance m, string currency) =>
        [m.Assessed, m.Paid, m.Credits, m.InKind ?? Money.Zero(currency), m.Payable, m.Outstanding, m.Ageing.Days0To30, m.Ageing.Days31To60, m.Ageing.Days61To90, m.Ageing.Over90];

    private static Money[] AmountsOf(BalanceTotals t) =>
        [t.Assessed, t.Paid, t.Credits, t.InKind, t.Payable, t.Outstanding, t.Ageing.Days0To30, t.Ageing.Days31To60, t.Ageing.Days61To90, t.Ageing.Over90];

    public static IResult Csv(BalancesView view)
    {
        var csv = new StringBuilder(string.Join(',', Header(view))).Append('\n');
        foreach (var r in Rows(view))
        {
            var leading = view.RollUp is null ? [] : new[] { r.Kind!, Exports.Csv.Field(r.HubCode ?? "") };
            csv.Append(string.Join(',', [.. leading, r.MemberId?.ToString("D") ?? "", Exports.Csv.Field(r.MemberCode ?? ""),
                .. r.Amounts.Select(a => a.ToDecimalString()), r.Currency])).Append('\n');
        }
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"balances-{view.AsOf:uuuu-MM-dd}.csv");
    }

    public static IResult Xlsx(BalancesView view)
    {
        var rows = Rows(view).Select(r => (IReadOnlyList<XlsxCell>)
        [
            .. view.RollUp is null ? [] : new[] { XlsxCell.Text(r.Kind), XlsxCell.Text(r.HubCode) },
            XlsxCell.Text(r.MemberId?.ToString("D")), XlsxCell.Text(r.MemberCode), .. r.Amounts.Select(XlsxCell.Amount), XlsxCell.Text(r.Currency),
        ]);
        return Results.File(Exports.Xlsx.Write(new XlsxSheet("Balances", Header(view), rows)), Exports.Xlsx.ContentType, $"balances-{view.AsOf:uuuu-MM-dd}.xlsx");
    }
}

public static class LedgerXlsxEndpoints
{
    /// <summary>The members' balances as a spreadsheet (XLSX).</summary>
    [ProducesResponseType(typeof(byte[]), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [Allow(Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/balances.xlsx")]
    public static async Task<IResult> Balances(Guid consortiumId, string? asOf, string? knownAt, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var (view, problem) = await LedgerViewEndpoints.BalancesAsync(consortiumId, asOf, knownAt, session, clock, ct);
        return problem ?? BalancesExport.Xlsx(view!);
    }

    /// <summary>A member's account statement as a spreadsheet (XLSX).</summary>
    [ProducesResponseType(typeof(byte[]), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [Allow(Roles.Member, Roles.Finance, Roles.Auditor, Roles.Admin)]
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/statement.xlsx")]
    public static async Task<IResult> Statement(Guid consortiumId, Guid memberId, string? asOf, string? knownAt, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var (view, problem) = await LedgerViewEndpoints.StatementAsync(consortiumId, memberId, asOf, knownAt, session, ct, 0, int.MaxValue, clock); // the export has every line
        if (problem is not null) return problem;
        var currency = view!.Currency;
        string[] header = ["date", "recorded_at", "account", "memo", "event_type", "agreement_version", "debit", "credit", "balance", "currency", "posting_id", "item_id", "fact_date", "period", "adjusts_period"];
        var rows = view.Lines.Select(l => (IReadOnlyList<XlsxCell>)
        [
            XlsxCell.Date(l.Date), XlsxCell.Text(NodaTime.Text.InstantPattern.ExtendedIso.Format(l.RecordedAt)), XlsxCell.Text(l.Account), XlsxCell.Text(l.Memo),
            XlsxCell.Text(l.EventType), XlsxCell.Whole(l.AgreementVersion), XlsxCell.Amount(l.Debit), XlsxCell.Amount(l.Credit), XlsxCell.Amount(l.Balance),
            XlsxCell.Text(currency), XlsxCell.Text(l.PostingId), XlsxCell.Text(l.ItemId),
            l.FactDate is { } fact ? XlsxCell.Date(fact) : XlsxCell.Text(""), XlsxCell.Text(l.Period), XlsxCell.Text(l.AdjustsPeriod),
        ]);
        return Results.File(Exports.Xlsx.Write(new XlsxSheet("Statement", header, rows)), Exports.Xlsx.ContentType, $"statement-{view.MemberCode}.xlsx");
    }
}
