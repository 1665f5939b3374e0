using Marten;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Agreements;
using SharingLedger.Infrastructure;

namespace SharingLedger.WebConsole.Pages;

/// <summary>
/// The console's downloads: the same CSV and XLSX bytes the API exports, fetched through the API's own endpoints in process
/// (<see cref="InProcessApi.GetAsync"/>), because the console's cookie never authorizes an API call. Staff download everything;
/// a member library its own statement only (another member's is the same 404).
/// </summary>
public sealed class DownloadsModel(IQuerySession session, InProcessApi api) : ConsolePage
{
    /// <summary>Each export: the console's file name, the API's route, whether it is for staff only, and the query it takes.</summary>
    public static readonly IReadOnlyList<(string File, string Template, bool StaffOnly, string[] Query)> Exports =
    [
        ("balances.csv", "/consortia/{consortiumId}/balances.csv", true, ["asOf", "knownAt"]),
        ("balances.xlsx", "/consortia/{consortiumId}/balances.xlsx", true, ["asOf", "knownAt"]),
        ("postings.csv", "/consortia/{consortiumId}/postings.csv", true, ["account", "memberId", "from", "to"]),
        ("postings.xlsx", "/consortia/{consortiumId}/postings.xlsx", true, ["account", "memberId", "from", "to"]),
        ("reconciliation.csv", "/consortia/{consortiumId}/reconciliation.csv", true, ["fiscalYear"]),
        ("restatement.csv", "/consortia/{consortiumId}/agreement/versions/{version}/restatement.csv", true, []),
        ("statement.csv", "/consortia/{consortiumId}/members/{memberId}/statement.csv", false, ["asOf", "knownAt"]),
        ("statement.xlsx", "/consortia/{consortiumId}/members/{memberId}/statement.xlsx", false, ["asOf", "knownAt"]),
    ];

    public IReadOnlyList<(Guid Id, string Code, string Name)> Members { get; private set; } = [];
    public IReadOnlyList<int> RetroactiveVersions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? file, CancellationToken ct)
    {
        if (file is null) return await ListAsync(ct);
        var export = Exports.FirstOrDefault(e => e.File == file);
        if (export.File is null) return NotFoundPage();
        if (export.StaffOnly && !Me.IsStaff) return LocalRedirect("/forbidden");
        var route = new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString() };
        if (export.Template.Contains("{memberId}"))
        {
            if (!Guid.TryParse(Request.Query["member"], out var member) || !Me.MaySee(member)) return NotFoundPage();
            route["memberId"] = member.ToString();
        }
        if (export.Template.Contains("{version}"))
        {
            if (!int.TryParse(Request.Query["version"], out var version)) return NotFoundPage();
            route["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var query = new QueryBuilder(export.Query.Where(k => !string.IsNullOrWhiteSpace(Request.Query[k])).Select(k => KeyValuePair.Create(k, Request.Query[k].ToString())));
        var (status, headers, body) = await api.GetAsync(User, export.Template, route, query.ToQueryString().Value ?? "", ct);
        if (status == StatusCodes.Status404NotFound) return NotFoundPage();
        if (status != StatusCodes.Status200OK)
        {
            Response.StatusCode = status;
            return Content(System.Text.Encoding.UTF8.GetString(body), "application/problem+json");
        }
        var name = System.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar ?? disposition.FileName)?.Trim('"') ?? file : file;
        return File(body, headers.ContentType.ToString(), name);
    }

    private async Task<IActionResult> ListAsync(CancellationToken ct)
    {
        await LoadConsortiumAsync(session, ct);
        var members = await session.Query<Membership.Member>().Where(m => m.ConsortiumId == Me.ConsortiumId).OrderBy(m => m.Code).ToListAsync(ct);
        Members = members.Where(m => Me.MaySee(m.Id)).Select(m => (m.Id, m.Code, m.Current.Name)).ToList();
        if (Me.IsStaff)
        {
            var agreement = await session.LoadAsync<Agreement>(StreamIds.Agreement(Me.ConsortiumId), ct);
            RetroactiveVersions = agreement?.Versions.Where(v => v.Retroactive).Select(v => v.Version).ToList() ?? [];
        }
        return Page();
    }
}
