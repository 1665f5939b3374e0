using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using static SharingLedger.Iso18626.Iso18626Errors;
using static SharingLedger.Iso18626.Iso18626Xml;
using SharingLedger.Loans;
using SharingLedger.Agreements;
using SharingLedger.Kernel.Lending;

namespace SharingLedger.Iso18626;

/// <summary>What one ISO 18626 message asks of a loan: a lifecycle action, nothing, or a refusal.</summary>
public abstract record IsoStep
{
    /// <summary>Take this action (through <see cref="LoanDecisions.Act"/>, as the HTTP endpoint would).</summary>
    public sealed record Take(LoanAction Action, LoanActionInput Input) : IsoStep;

    /// <summary>A message the ledger acknowledges without recording anything (a status request, a renewal asked for).</summary>
    public sealed record Nothing(string Why) : IsoStep;

    public sealed record Refuse(string ErrorType, string ErrorValue) : IsoStep;
}

/// <summary>
/// Maps ISO 18626 messages onto the ledger's requests and lifecycle actions. Pure: the endpoint loads the loan and
/// records through <see cref="LoanCommands"/>, so the lifecycle table and the decisions are the HTTP API's own.
/// </summary>
public static partial class Iso18626Mapping
{
    /// <summary>A request → <see cref="RequestLoan"/>, or the error that stops it.</summary>
    public static (RequestLoan? Command, Iso18626Outcome? Error) Request(XElement request, Iso18626Header header, Guid borrowerId, Guid lenderId, DateTimeZone zone)
    {
        var serviceTypeText = Text(request, "serviceInfo", "serviceType");
        ServiceType? serviceType = serviceTypeText switch
        {
            "Loan" => ServiceType.Loan,
            "Copy" => ServiceType.Copy,
            _ => null,
        };
        if (serviceType is null)
            return (null, Iso18626Outcome.Error(UnrecognisedDataValue,
                $"serviceType '{serviceTypeText ?? "(none)"}': the ledger records a Loan or a Copy; send serviceInfo/serviceType Loan or Copy."));

        var levelText = Text(request, "serviceInfo", "serviceLevel");
        ServiceLevel? level = levelText?.ToLowerInvariant() switch
        {
            null or "normal" => ServiceLevel.Normal,
            "rush" => ServiceLevel.Rush,
            "express" => ServiceLevel.Express,
            _ => null,
        };
        if (level is null)
            return (null, Iso18626Outcome.Error(UnrecognisedDataValue, $"serviceLevel '{levelText}': known levels are Normal, Rush and Express."));

        MoneyInput? maxCost = null;
        if (request.Element(N + "billingInfo")?.Element(N + "maximumCosts") is { } costs)
            maxCost = new MoneyInput(MonetaryValue(costs), Text(costs, "currencyCode") ?? "");

        var on = Date(header.TimestampText, zone);
        if (on is null) return (null, Iso18626Outcome.Error(UnrecognisedDataValue, $"timestamp '{header.TimestampText}' is not a date and time."));
        return (new RequestLoan(borrowerId, lenderId, serviceType, level, header.RequestId, maxCost, Text(request, "bibliographicInfo", "title"), on), null);
    }

    /// <summary>A supplying agency message (the lender's answer or status) → the lender's action.</summary>
    public static IsoStep Supplier(XElement message, DateTimeZone zone)
    {
        var reason = Text(message, "messageInfo", "reasonForMessage");
        var status = Text(message, "statusInfo", "status");
        var answer = Text(message, "messageInfo", "answerYesNo");
        var note = Text(message, "messageInfo", "note");
        var on = Date(Text(message, "statusInfo", "lastChange"), zone);
        var due = Date(Text(message, "statusInfo", "dueDate"), zone);
        if (on is null) return new IsoStep.Refuse(UnrecognisedDataValue, "statusInfo/lastChange is not a date and time.");
        var input = new LoanActionInput(On: on, Note: Note(note));

        switch (reason)
        {
            case "RenewResponse":
                return answer == "Y"
                    ? new IsoStep.Take(LoanAction.Renewed, input with { DueDate = due })
                    : new IsoStep.Nothing("Renewal declined; the loan stays as it is.");
            case "CancelResponse" when answer != "Y":
                return new IsoStep.Nothing("Cancellation declined; the request stays as it is.");
            case "RequestResponse" or "StatusRequestResponse" or "StatusChange" or "Notification" or "CancelResponse":
                break;
            default:
                return new IsoStep.Refuse(UnsupportedReasonForMessageType, $"reasonForMessage '{reason}' is not one the ledger takes.");
        }

        var offered = message.Element(N + "messageInfo")?.Element(N + "offeredCosts") is { } costs
            ? new MoneyInput(MonetaryValue(costs), Text(costs, "currencyCode") ?? "") : null;
        return status switch
        {
            "RequestReceived" => new IsoStep.Nothing("Request received; nothing to record."),
            "ExpectToSupply" or "WillSupply" when offered is not null => new IsoStep.Take(LoanAction.Conditional, input with { OfferedCost = offered }),
            "ExpectToSupply" => new IsoStep.Take(LoanAction.ExpectToSupply, input),
            "WillSupply" => new IsoStep.Take(LoanAction.WillSupply, input),
            "Loaned" => new IsoStep.Take(LoanAction.Shipped, input with { DueDate = due }),
            "Overdue" => new IsoStep.Take(LoanAction.Overdue, input),
            "Recalled" => new IsoStep.Take(LoanAction.Recalled, input),
            "RetryPossible" => new IsoStep.Take(LoanAction.RetryPossible, input),
            "Unfilled" => new IsoStep.Take(LoanAction.Unfilled, input),
            "CopyCompleted" => new IsoStep.Take(LoanAction.CopyCompleted, input with { Pages = Pages(note) }),
            "LoanCompleted" => new IsoStep.Take(LoanAction.LoanCompleted, input),
            "CompletedWithoutReturn" => new IsoStep.Take(LoanAction.CompletedWithoutReturn, input),
            "Cancelled" => new IsoStep.Take(LoanAction.Cancelled, input),
            _ => new IsoStep.Refuse(UnrecognisedDataValue, $"status '{status}' is not one the ledger knows."),
        };
    }

    /// <summary>A requesting agency message (the borrower's action) → the borrower's action.</summary>
    public static IsoStep Requester(XElement message, Iso18626Header header, DateTimeZone zone)
    {
        var action = Text(message, "action");
        var note = Text(message, "note");
        var on = Date(header.TimestampText, zone);
        if (on is null) return new IsoStep.Refuse(UnrecognisedDataValue, "header/timestamp is not a date and time.");
        var input = new LoanActionInput(On: on, Note: Note(note));
        return action switch
        {
            "StatusRequest" => new IsoStep.Nothing("Status request; nothing to record."),
            "Received" => new IsoStep.Take(LoanAction.Received, input),
            "Cancel" => new IsoStep.Take(LoanAction.Cancelled, input),
            "Renew" => new IsoStep.Nothing("Renewal asked for; the lender's RenewResponse records it."),
            "ShippedReturn" => new IsoStep.Take(LoanAction.ReturnShipped, input),
            "Notification" when note is not null && note.StartsWith("#ACCEPT#", StringComparison.OrdinalIgnoreCase) =>
                new IsoStep.Take(LoanAction.AcceptCondition, input with { Note = Note(note[8..]) }),
            "Notification" when note is not null && (note.StartsWith("#REJECT#", StringComparison.OrdinalIgnoreCase) || note.StartsWith("#DECLINE#", StringComparison.OrdinalIgnoreCase)) =>
                new IsoStep.Take(LoanAction.DeclineCondition, input with { Note = Note(note[(note.IndexOf('#', 1) + 1)..]) }),
            "Notification" => new IsoStep.Nothing("Notification; nothing to record."),
            _ => new IsoStep.Refuse(UnsupportedActionType, $"action '{action}' is not one the ledger takes (StatusRequest, Received, Cancel, Renew, ShippedReturn, Notification)."),
        };
    }

    /// <summary>
    /// Whether the loan already stands where the action would take it (a repeated message): the action's target
    /// state is the current one; a renewal only when the due date is already the one asked for.
    /// </summary>
    public static bool AlreadyApplied(Loan loan, LoanAction action, LoanActionInput input) => action == LoanAction.Renewed
        ? loan.State == LoanState.Received && input.DueDate is { } due && loan.DueDate == due && loan.Steps.LastOrDefault()?.Action == LoanAction.Renewed
        : LoanLifecycle.Table.Any(t => t.Action == action && t.To == loan.State);

    private static string MonetaryValue(XElement costs)
    {
        var text = Text(costs, "monetaryValue") ?? "";
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture) : text;
    }

    private static string? Note(string? note)
    {
        var t = note?.Trim();
        return string.IsNullOrEmpty(t) ? null : t.Length <= 500 ? t : t[..500];
    }

    /// <summary>ISO 18626 has no element for the pages of a copy; the ledger reads them from the note ("pages: 12").</summary>
    private static int? Pages(string? note) =>
        note is not null && PagesInNote().Match(note) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var n) ? n : null;

    [GeneratedRegex(@"(?i)\bpages\s*[:=]\s*(\d{1,6})")]
    private static partial Regex PagesInNote();
}
