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

    /// <summary>A message the ledger acknowledges without recording anything (a notification, a renewal declined).</summary>
    public sealed record Nothing(string Why) : IsoStep;

    /// <summary>The requester asks for the status: answered OK with the loan's current status, recording nothing.</summary>
    public sealed record StatusRequest : IsoStep;

    /// <summary>The borrower asks to renew: OK where the loan may be renewed (recording nothing; the lender's RenewResponse Y does), else an error.</summary>
    public sealed record AskRenew : IsoStep;

    public sealed record Refuse(string ErrorType, string ErrorValue) : IsoStep;

    /// <summary>The borrower asks to cancel (requester action Cancel): recorded, and the lender answers (<see cref="CancellationDecisions"/>).</summary>
    public sealed record AskCancel(LoanActionInput Input) : IsoStep;

    /// <summary>The lender declines the cancellation (CancelResponse N): the request goes on.</summary>
    public sealed record DeclineCancel(LoanActionInput Input) : IsoStep;
}

/// <summary>
/// Maps ISO 18626 messages onto the ledger's requests and lifecycle actions. Pure: the endpoint loads the loan and
/// records through <see cref="LoanCommands"/>, so the lifecycle table and the decisions are the HTTP API's own.
/// </summary>
public static partial class Iso18626Mapping
{
    /// <summary>A request → <see cref="RequestLoan"/>, or the error that stops it.</summary>
    public static (RequestLoan? Command, Iso18626Outcome? Error) Request(XElement request, Iso18626Header header, Guid borrowerId, Guid lenderId, DateTimeZone zone,
        LocalDate received)
    {
        var serviceTypeText = Text(request, "serviceInfo", "serviceType");
        ServiceType? serviceType = serviceTypeText switch
        {
            "Loan" => ServiceType.Loan,
            "Copy" => ServiceType.Copy,
            "CopyOrLoan" => ServiceType.CopyOrLoan,
            _ => null,
        };
        if (serviceType is null)
            return (null, Iso18626Outcome.Error(UnrecognisedDataValue,
                $"serviceType '{serviceTypeText ?? "(none)"}': send serviceInfo/serviceType Loan, Copy or CopyOrLoan."));

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

        var on = BusinessDate(zone, received, header.TimestampText);
        return (new RequestLoan(borrowerId, lenderId, serviceType, level, header.RequestId, maxCost, Text(request, "bibliographicInfo", "title"), on), null);
    }

    /// <summary>A supplying agency message (the lender's answer or status) → the lender's action.</summary>
    public static IsoStep Supplier(XElement message, Iso18626Header header, DateTimeZone zone, LocalDate received)
    {
        var reason = Text(message, "messageInfo", "reasonForMessage");
        var status = Text(message, "statusInfo", "status");
        var answer = Text(message, "messageInfo", "answerYesNo");
        var note = Text(message, "messageInfo", "note");
        var on = BusinessDate(zone, received, Text(message, "statusInfo", "lastChange"), header.TimestampText);
        var due = Date(Text(message, "statusInfo", "dueDate"), zone);
        var input = new LoanActionInput(On: on, Note: Note(note));

        switch (reason)
        {
            case "RenewResponse":
                return answer == "Y"
                    ? new IsoStep.Take(LoanAction.Renewed, input with { DueDate = due })
                    : new IsoStep.Nothing("Renewal declined; the loan stays as it is.");
            case "CancelResponse":
                return answer == "Y" ? new IsoStep.Take(LoanAction.Cancelled, input) : new IsoStep.DeclineCancel(input);
            case "RequestResponse" or "StatusRequestResponse" or "StatusChange" or "Notification":
                break;
            default:
                return new IsoStep.Refuse(UnsupportedReasonForMessageType, $"reasonForMessage '{reason}' is not one the ledger takes.");
        }

        var offered = message.Element(N + "messageInfo")?.Element(N + "offeredCosts") is { } costs
            ? new MoneyInput(MonetaryValue(costs), Text(costs, "currencyCode") ?? "") : null;
        // What the supplier states a delivery costs: deliveryInfo/deliveryCosts, else the offered costs; recorded with the delivery.
        var stated = message.Element(N + "deliveryInfo")?.Element(N + "deliveryCosts") is { } delivery
            ? new MoneyInput(MonetaryValue(delivery), Text(delivery, "currencyCode") ?? "") : offered;
        return status switch
        {
            "RequestReceived" => new IsoStep.Nothing("Request received; nothing to record."),
            "ExpectToSupply" or "WillSupply" when offered is not null || ConditionNotes.IsConditional(note) =>
                new IsoStep.Take(LoanAction.Conditional, input with { OfferedCost = offered }),
            "ExpectToSupply" => new IsoStep.Take(LoanAction.ExpectToSupply, input),
            "WillSupply" => new IsoStep.Take(LoanAction.WillSupply, input),
            "Loaned" => new IsoStep.Take(LoanAction.Shipped, input with { DueDate = due, StatedCost = stated }),
            "Overdue" => new IsoStep.Take(LoanAction.Overdue, input),
            "Recalled" => new IsoStep.Take(LoanAction.Recalled, input),
            "RetryPossible" => new IsoStep.Take(LoanAction.RetryPossible, input),
            "Unfilled" => new IsoStep.Take(LoanAction.Unfilled, input),
            "CopyCompleted" => new IsoStep.Take(LoanAction.CopyCompleted, input with { Pages = Pages(note), StatedCost = stated }),
            "LoanCompleted" => new IsoStep.Take(LoanAction.LoanCompleted, input),
            "CompletedWithoutReturn" => new IsoStep.Take(LoanAction.CompletedWithoutReturn, input),
            "Cancelled" => new IsoStep.Take(LoanAction.Cancelled, input),
            _ => new IsoStep.Refuse(UnrecognisedDataValue, $"status '{status}' is not one the ledger knows."),
        };
    }

    /// <summary>A requesting agency message (the borrower's action) → the borrower's action.</summary>
    public static IsoStep Requester(XElement message, Iso18626Header header, DateTimeZone zone, LocalDate received)
    {
        var action = Text(message, "action");
        var note = Text(message, "note");
        var on = BusinessDate(zone, received, header.TimestampText);
        var input = new LoanActionInput(On: on, Note: Note(note));
        var conditionAnswer = ConditionNotes.Answer(note, out var rest);
        return action switch
        {
            "StatusRequest" => new IsoStep.StatusRequest(),
            "Received" => new IsoStep.Take(LoanAction.Received, input),
            "Cancel" => new IsoStep.AskCancel(input),
            "Renew" => new IsoStep.AskRenew(),
            "ShippedReturn" => new IsoStep.Take(LoanAction.ReturnShipped, input),
            "Notification" when conditionAnswer is { } accept =>
                new IsoStep.Take(accept ? LoanAction.AcceptCondition : LoanAction.DeclineCondition, input with { Note = Note(rest) }),
            "Notification" => new IsoStep.Nothing("Notification; nothing to record."),
            _ => new IsoStep.Refuse(UnsupportedActionType, $"action '{action}' is not one the ledger takes (StatusRequest, Received, Cancel, Renew, ShippedReturn, Notification)."),
        };
    }

    /// <summary>
    /// Whether the loan already took what the message asks (a copy, or a late retry after the loan moved on): the action's
    /// target state is the current one (a renewal only when the due date is already the one asked for); or the action is
    /// no longer allowed and the loan's history holds the same step on the same date; a cancellation asked of a loan that
    /// is already cancelled or whose cancellation is pending.
    /// </summary>
    public static bool AlreadyApplied(Loan loan, IsoStep step) => step switch
    {
        IsoStep.Take take => AlreadyApplied(loan, take.Action, take.Input),
        IsoStep.AskCancel => loan.State == LoanState.Cancelled || loan.CancellationRequestedOn is not null,
        _ => false,
    };

    public static bool AlreadyApplied(Loan loan, LoanAction action, LoanActionInput input)
    {
        if (action == LoanAction.Renewed)
            return loan.DueDate is { } current && input.DueDate is { } due && current == due && loan.Steps.Any(s => s.Action == LoanAction.Renewed);
        if (LoanLifecycle.Table.Any(t => t.Action == action && t.To == loan.State)) return true;
        return LoanLifecycle.Next(loan.State, action, loan.ServiceType) is null && loan.Steps.Any(s => s.Action == action && s.On == input.On);
    }

    /// <summary>
    /// The business date of a message: the first of its dated fields that holds a real date (a sender's zero or placeholder
    /// time, before 1970, is no date), never after the day it was received; without one, the day it was received.
    /// </summary>
    public static LocalDate BusinessDate(DateTimeZone zone, LocalDate received, params string?[] dated)
    {
        foreach (var text in dated)
            if (Date(text, zone) is { Year: >= 1970 } date)
                return date <= received ? date : received;
        return received;
    }

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
