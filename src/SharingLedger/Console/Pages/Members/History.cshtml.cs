using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SharingLedger.History;
using SharingLedger.Membership;

namespace SharingLedger.WebConsole.Pages.Members;

/// <summary>
/// Every event about a member in recorded order, a page at a time: who recorded what and when, read through the API's own
/// query (<see cref="GetMemberHistoryEndpoint"/>, which counts the total into its paging headers; the page reads them from
/// a request of its own). The member library sees its own history, as through the API; another member's is the same 404.
/// </summary>
public sealed class HistoryModel(IQuerySession session, IConfiguration configuration, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : ConsolePage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];
    public long Total { get; private set; }
    public int Current { get; private set; } = 1;
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
    public Guid MemberId { get; private set; }
    public string MemberName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid memberId, CancellationToken ct)
    {
        if (!Me.MaySee(memberId)) return NotFoundPage();
        await LoadConsortiumAsync(session, ct);
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != Me.ConsortiumId) return NotFoundPage();
        (MemberId, MemberName) = (member.Id, $"{member.Code} · {member.Current.Name}");
        Current = Math.Max(1, PageNumber ?? 1);
        var probe = new DefaultHttpContext();
        probe.Request.Path = Request.Path;
        var answer = await GetMemberHistoryEndpoint.Get(Me.ConsortiumId, memberId, PageSize, (Current - 1) * PageSize, session, configuration, probe, ct);
        if (answer is not IValueHttpResult { Value: IReadOnlyList<HistoryEntry> entries }) return NotFoundPage();
        Entries = entries;
        Total = long.TryParse(probe.Response.Headers["X-Total-Count"], out var total) ? total : entries.Count;
        return Page();
    }

    /// <summary>What the event recorded, as the API writes it.</summary>
    public string Data(HistoryEntry entry) => JsonSerializer.Serialize(entry.Data, entry.Data.GetType(), json.Value.SerializerOptions);

    /// <summary>"PaymentReceived" → "Payment received".</summary>
    public string EventName(string type)
    {
        var name = type.Contains('_') ? string.Concat(type.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])) : type;
        var words = string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
