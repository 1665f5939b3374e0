using Marten;
using NodaTime;
using NodaTime.Text;
using SharingLedger.Consortia;
using SharingLedger.Dues;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Obligations;

public static class GetMemberObligationsEndpoint
{
    /// <summary>A member's obligations for a fiscal year (default: the current one in the consortium's time zone).</summary>
    [WolverineGet("/consortia/{consortiumId}/members/{memberId}/obligations")]
    public static async Task<IResult> Get(Guid consortiumId, Guid memberId, int? fiscalYear, IQuerySession session, IClock clock, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (consortium is null || member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);

        var calendar = consortium.Calendar();
        var year = fiscalYear ?? calendar.YearOf(calendar.Today(clock));
        if (year is < 1900 or > 9998) return Problems.RuleViolated("fiscalYear", "Must be a year such as 2026.");
        var period = calendar.Year(year);

        var items = new List<ObligationItem>();
        var dues = await session.LoadAsync<DuesAssessment>(StreamIds.Dues(consortiumId, year), ct);
        if (dues?.ShareOf(memberId) is { } share) items.Add(Explain(dues.Assessed, share));

        var total = Money.Sum(items.Select(i => i.Amount), consortium.BaseCurrency);
        var name = (member.FiguresOn(period.End) ?? member.Current).Name;
        return Results.Ok(new MemberObligations(consortiumId, memberId, member.Code, name, year, period.Start, period.End, total, items));
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static ObligationItem Explain(DuesAssessed a, DuesShare s)
    {
        var rounding = s.RoundingAdjustmentMinor == 0 ? "no rounding adjustment"
            : $"{s.RoundingAdjustmentMinor:+0;-0} minor unit by largest-remainder rounding";
        var inputs = s.Inputs.Count == 0 ? "" : " Inputs as of " + Iso(a.PeriodStart) + ": " +
            string.Join(", ", s.Inputs.Select(i => $"{i.Key.ToString().ToLowerInvariant()} {i.Value}")) + ".";
        var explanation =
            $"Annual dues of {a.Total} for fiscal year {a.FiscalYear} under agreement version {a.AgreementVersion}, " +
            $"split {a.Rule.Describe()} among the {a.Shares.Count} members active on {Iso(a.PeriodStart)}. " +
            $"This member's exact share is {s.Weight} of the total = {s.ExactAmount} {a.Total.Currency}, " +
            $"charged as {s.Amount} ({rounding}).{inputs}";
        return new ObligationItem("dues", $"Annual dues {a.FiscalYear}", s.Amount, a.AgreementId, a.AgreementVersion,
            a.Rule.Describe(), s.Inputs, s.Weight, s.ExactAmount, s.RoundingAdjustmentMinor, explanation);
    }
}
