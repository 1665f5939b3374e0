using NodaTime;
using SharingLedger.Agreements;
using SharingLedger.Consortia;
using SharingLedger.Membership;

namespace SharingLedger.Loans.Import;

/// <summary>What a history import is decided against: the consortium's members, agreement, settled months and loans already recorded.</summary>
public sealed record LoanHistoryFacts(
    Guid ConsortiumId,
    string BaseCurrency,
    FiscalCalendar Calendar,
    LocalDate Today,
    IReadOnlyList<Member> Members,
    Agreement? Agreement,
    IReadOnlySet<string> SettledMonths,
    IReadOnlyList<Loan> Existing);

/// <summary>A loan the import records: its events in order and the loan they fold into (its inline snapshot).</summary>
public sealed record ImportedLoan(Loan Loan, List<object> Events);

/// <summary>The outcome of replaying a file: every loan it records, or the lines refused (then nothing is recorded).</summary>
public sealed record LoanHistoryOutcome(IReadOnlyList<ImportedLoan> Loans, IReadOnlyList<LoanImportReject> Rejects, int Lines, int Events);

/// <summary>
/// Replays a loan-history file through the same pure decisions as the HTTP routes (<see cref="LoanDecisions.Request"/> and
/// <see cref="LoanDecisions.Act"/>), line by line in file order, as if each line had been posted in turn: the same
/// validation, quotas, lifecycle table, charges (agreement version of the day, reciprocity, maximum cost, free pages,
/// settled months) and the same events. Free of storage: the caller loads <see cref="LoanHistoryFacts"/> and writes the result.
/// </summary>
public sealed class LoanHistoryReplay(LoanHistoryFacts facts, Instant now)
{
    private readonly Dictionary<string, Member> _byCode = facts.Members.ToDictionary(m => m.Code, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, Member> _byId = facts.Members.ToDictionary(m => m.Id);
    // Every loan of a borrower (recorded and imported so far), per fiscal year of the request: quotas and free pages are read per year.
    private readonly Dictionary<(Guid, int), List<Loan>> _borrowedInYear = new();
    // The borrower's loans by request id, the latest last: a step names its request this way, and a repeat request is refused.
    private readonly Dictionary<(Guid, string), List<Loan>> _byRequestId = new();
    private readonly Dictionary<Guid, ImportedLoan> _imported = new();
    private readonly List<ImportedLoan> _order = [];
    private readonly List<LoanImportReject> _rejects = [];
    private int _lines;
    private int _events;

    public LoanHistoryOutcome Outcome => new(_rejects.Count == 0 ? _order : [], _rejects, _lines, _rejects.Count == 0 ? _events : 0);

    public LoanHistoryReplay Start()
    {
        foreach (var loan in facts.Existing) Index(loan);
        return this;
    }

    public void Reject(LoanImportReject reject)
    {
        _lines++;
        _rejects.Add(reject);
    }

    public void Apply(LoanImportLine line)
    {
        _lines++;
        var borrower = line.Borrower is { } code && _byCode.TryGetValue(code.Trim(), out var b) ? b : null;
        if (borrower is null) { Refuse(line, "borrower", line.Borrower is null ? "Required: the borrower's member code." : $"'{line.Borrower}' is no member's code."); return; }
        if (string.IsNullOrWhiteSpace(line.Action)) { Refuse(line, "action", "Required: request, or a step such as shipped."); return; }
        if (line.IsRequest) Request(line, borrower);
        else Step(line, borrower);
    }

    private void Request(LoanImportLine line, Member borrower)
    {
        Member? lender = null;
        if (line.Lender is null) { Refuse(line, "lender", "Required: the lender's member code."); return; }
        if (!_byCode.TryGetValue(line.Lender.Trim(), out lender)) { Refuse(line, "lender", $"'{line.Lender}' is no member's code."); return; }
        if (line.On is null) { Refuse(line, "on", "Required: the day of the request."); return; }
        var on = line.On.Value;
        var fiscalYear = facts.Calendar.YearOf(on);
        var quota = facts.Agreement?.InForceOn(on)?.Lending?.BorrowingQuota;
        var counted = quota is null ? 0 : LendingFigures.RequestsCounted(InYear(borrower.Id, fiscalYear), borrower.Id, facts.Calendar.Year(fiscalYear));
        var requestId = line.RequestId?.Trim();
        var open = requestId is null ? null : LoanCommands.OpenWithRequestId(Latest(borrower.Id, requestId), borrower.Id, requestId);
        var context = new RequestContext(facts.Today, facts.BaseCurrency, borrower, lender, facts.Agreement, fiscalYear, counted, open);
        var input = new RequestLoan(borrower.Id, lender.Id, line.ServiceType, line.ServiceLevel, line.RequestId, line.MaxCost, line.Title, on);
        var id = Guid.CreateVersion7();
        if (Refused(line, LoanDecisions.Request(id, facts.ConsortiumId, input, context, now)) is not { } events) return;
        var loan = Loan.Create((LoanRequested)events[0]);
        loan.Version = 1;
        var imported = new ImportedLoan(loan, [.. events]);
        _imported[id] = imported;
        _order.Add(imported);
        _events += events.Count;
        Index(loan);
    }

    private void Step(LoanImportLine line, Member borrower)
    {
        if (!LoanActionNames.TryParse(line.Action!.Trim(), out var action))
        {
            Refuse(line, "action", $"'{line.Action}' is not request or a step ({string.Join(", ", Enum.GetValues<LoanAction>().Select(a => a.Name()))}).");
            return;
        }
        var requestId = line.RequestId?.Trim() ?? "";
        var loan = Latest(borrower.Id, requestId).LastOrDefault(l => _imported.ContainsKey(l.Id));
        if (loan is null) { Refuse(line, "requestId", $"No request '{requestId}' of {borrower.Code} earlier in the file."); return; }
        var on = line.On ?? facts.Today;
        var freePages = action == LoanAction.CopyCompleted
            ? LendingCharges.AllowancePagesUsed(facts.Agreement, InYear(borrower.Id, facts.Calendar.YearOf(on)), borrower.Id, facts.Calendar.Year(facts.Calendar.YearOf(on)))
            : 0;
        var context = new LoanContext(facts.Today, facts.BaseCurrency, _byId[loan.BorrowerId], facts.Agreement, facts.SettledMonths, freePages);
        if (Refused(line, LoanDecisions.Act(loan, action, line.StepInput(), context, now)) is not { } events) return;
        var imported = _imported[loan.Id];
        var moved = loan.RequestedOn; // a copy delivered in another fiscal year than requested counts its pages in the year of delivery
        foreach (var e in events) LoanEventFolder.Apply(loan, e);
        loan.Version += events.Count;
        imported.Events.AddRange(events);
        _events += events.Count;
        if (action == LoanAction.CopyCompleted && facts.Calendar.YearOf(on) != facts.Calendar.YearOf(moved)) InYear(borrower.Id, facts.Calendar.YearOf(on)).Add(loan);
    }

    private IReadOnlyList<object>? Refused(LoanImportLine line, LoanDecision decision)
    {
        switch (decision)
        {
            case LoanDecision.Accepted a: return a.Events;
            case LoanDecision.Invalid i: foreach (var e in i.Errors) Refuse(line, e.Field, e.Message); return null;
            case LoanDecision.Conflict c: Refuse(line, "requestId", c.Detail); return null;
            case LoanDecision.NotAllowed n: Refuse(line, "action", n.Detail); return null;
            default: Refuse(line, "line", "Not recorded."); return null;
        }
    }

    private void Refuse(LoanImportLine line, string field, string message) => _rejects.Add(new LoanImportReject(line.Number, field, message));

    private void Index(Loan loan)
    {
        InYear(loan.BorrowerId, facts.Calendar.YearOf(loan.RequestedOn)).Add(loan);
        if (loan.Charge is { Pages: not null } c && facts.Calendar.YearOf(c.On) != facts.Calendar.YearOf(loan.RequestedOn))
            InYear(loan.BorrowerId, facts.Calendar.YearOf(c.On)).Add(loan);
        var key = (loan.BorrowerId, loan.RequestId);
        if (!_byRequestId.TryGetValue(key, out var list)) _byRequestId[key] = list = [];
        list.Add(loan);
    }

    private List<Loan> InYear(Guid borrowerId, int fiscalYear)
    {
        if (!_borrowedInYear.TryGetValue((borrowerId, fiscalYear), out var list)) _borrowedInYear[(borrowerId, fiscalYear)] = list = [];
        return list;
    }

    private List<Loan> Latest(Guid borrowerId, string requestId) => _byRequestId.TryGetValue((borrowerId, requestId), out var list) ? list : [];
}
