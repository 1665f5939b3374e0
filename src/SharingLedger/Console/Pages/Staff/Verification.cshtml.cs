using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using SharingLedger.Audit;

namespace SharingLedger.WebConsole.Pages.Staff;

/// <summary>The council's auditor runs the hash-chain verification (the API's <see cref="VerifyChainEndpoint"/>) from the page.</summary>
public sealed class VerificationModel(IQuerySession session, IDocumentStore store, ChainMonitor monitor,
    IEnumerable<IDerivedFiguresCheck> derivedChecks) : ConsolePage
{
    public ChainVerificationView? Result { get; private set; }

    /// <summary>What repairs the first derived figure that differs (of the check that found it), when the chain itself is intact.</summary>
    public string? Repair => Result?.Derived?.FirstOrDefault(d => d.FirstBreak is not null) is { } broken ? RepairOf(broken.Figure, Me.ConsortiumId) : null;

    /// <summary>
    /// When the chain is intact as far as it has come but is still linking events recorded longer ago than the grace period (a large
    /// import's backlog, <see cref="ChainLag.CatchingUp"/>): says so, so an auditor does not read "intact" as covering those events.
    /// </summary>
    public string? CatchingUp => Result is { Intact: true, Overdue: > 0 } r
        ? string.Format(CultureInfo.InvariantCulture, T(CatchingUpText), Format.Number(r.Overdue), Format.Number(monitor.GraceSeconds))
        : null;

    public const string CatchingUpText = "The chain is catching up (after a large import, for example) and advancing. Events recorded more than {1} s ago " +
        "still to link: {0}. What it has linked is intact; verify again once it has caught up to cover them too.";

    /// <summary>The English words for the verification's codes (a state, a derived figure); the page translates them like any text.</summary>
    public static string Label(string code) => code switch
    {
        "derived-differs" => "derived figures differ",
        "postings" => "Postings",
        "member-totals" => "Members' running totals",
        "item-totals" => "Items' running totals",
        "month-charges" => "Loan charges by month",
        "borrower-requests" => "Borrowers' requests by month",
        "loan-facts" => "Loans' lending facts",
        "dues-items" => "Members' dues items",
        "subscription-items" => "Members' subscription shares",
        "subscription-rows" => "Members' subscription lists",
        "procurement-items" => "Members' joint procurement shares",
        "clearing-items" => "Members' monthly clearing items",
        _ => code,
    };

    /// <summary>Why a break was found, in the reader's language, with its values (ids, columns, counts) as found.</summary>
    public string Reason(BreakReason? why, string english) => why is null ? english : why.Fill(T(why.Template));

    /// <summary>
    /// The operator's command that rebuilds a derived figure of the consortium from its events (docs/reliability.md): the postings and
    /// their totals by <c>rebuild-postings</c>, the tables derived from the loans by <c>rebuild-loans</c>, what the shared costs keep beside
    /// their snapshots by <c>rebuild-member-items</c>; null for a figure none makes.
    /// </summary>
    public static string? RepairOf(string figure, Guid consortiumId) => figure switch
    {
        "postings" or "member-totals" or "item-totals" => $"rebuild-postings --consortium {consortiumId}",
        "month-charges" or "borrower-requests" or "loan-facts" => $"rebuild-loans --consortium {consortiumId}",
        "dues-items" or "subscription-items" or "subscription-rows" or "procurement-items" or "clearing-items" => $"rebuild-member-items --consortium {consortiumId}",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Me.IsAuditor) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Me.IsAuditor) return LocalRedirect("/forbidden");
        await LoadConsortiumAsync(session, ct);
        var answer = await VerifyChainEndpoint.Get(Me.ConsortiumId, session, store, monitor, derivedChecks, ct);
        if (answer is not IValueHttpResult { Value: ChainVerificationView view }) return NotFoundPage();
        Result = view;
        return Page();
    }
}
