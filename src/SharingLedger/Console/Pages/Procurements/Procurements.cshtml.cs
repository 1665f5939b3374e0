using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Procurement;

namespace SharingLedger.WebConsole.Pages.Procurements;

/// <summary>
/// Joint procurements, as the API shows them (<see cref="ProcurementView"/>, the API's own query and view). Staff see every
/// procurement with each member's share explained and a chart of the split. A member library sees only the offers it is
/// invited to, with its own answer and its own share (never another member's), and commits or declines through the API's
/// own endpoint (<see cref="AnswerProcurementEndpoint"/>), so the deadline and the other rules are the API's.
/// </summary>
public sealed class ProcurementsModel(IQuerySession session, ISubjectHoldings holdings, IClock clock, InProcessApi api) : ConsoleFormPage
{
    [BindProperty] public string? ProcurementId { get; set; }
    [BindProperty] public string? Decision { get; set; }
    public IReadOnlyList<ProcurementView> Procurements { get; private set; } = [];
    public LocalDate Today { get; private set; }
    public string? FailedProcurement { get; private set; }
    protected override IReadOnlyCollection<string> Fields => ["decision"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsStaff && !Me.IsMember) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken ct)
    {
        if (!Me.IsMember || Me.MemberId is not { } me) return LocalRedirect("/forbidden");
        await LoadAsync(ct);
        var offer = Procurements.FirstOrDefault(p => p.Id.ToString() == ProcurementId);
        if (offer is null) return NotFoundPage(); // not invited: the same 404 as an unknown procurement
        var answer = await api.PostAsync(User, "/consortia/{consortiumId}/procurements/{procurementId}/commitments",
            new Dictionary<string, string> { ["consortiumId"] = Me.ConsortiumId.ToString(), ["procurementId"] = offer.Id.ToString() },
            new { memberId = me, decision = Decision }, ct);
        if (Accepted(answer)) Recorded = $"{T(Decision == "commit" ? "You committed to" : "You declined")}: {offer.Title}";
        else FailedProcurement = offer.Id.ToString();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var consortium = await LoadConsortiumAsync(session, ct);
        Today = consortium.Calendar().Today(clock);
        var member = Me.IsStaff ? null : Me.MemberId;
        var all = await ProcurementsSeen.By(session, Me.ConsortiumId, member).ToListAsync(ct); // the API's own query and member's view
        var views = new List<ProcurementView>();
        foreach (var p in all)
            views.Add(member is { } m ? ProcurementView.From(p, []).SeenBy(m) : ProcurementView.From(p, await holdings.HoldersOfAsync(session, Me.ConsortiumId, p.Proposal.Subject, ct)));
        Procurements = views;
    }

    public InvitationView? MyInvitation(ProcurementView p) => p.InvitedMembers.FirstOrDefault(i => i.MemberId == Me.MemberId);

    public BarChart Split(ProcurementView p, int index)
    {
        var lines = p.Apportionment!.Lines;
        return new BarChart($"procurement-split-{index}", T("How the cost is split") + $": {p.Title}",
            string.Join("; ", lines.Select(l => $"{l.MemberCode} {Format.Money(l.Amount)}")),
            [T("Share")], lines.Select(l => (l.MemberCode, new[] { l.Amount.Minor })).ToList());
    }
}
