using SharingLedger.Infrastructure.Http;

namespace SharingLedger.Infrastructure;

/// <summary>
/// What a pure decide function answers (the loan decisions' shape, for any slice): the events to record on the stream it
/// was given, or why nothing is recorded. Free of HTTP and storage, so a unit test states given events, when a command,
/// then these events or this refusal; <see cref="DecisionResults"/> turns it into the HTTP answer.
/// </summary>
public abstract record Decision
{
    /// <summary>Record these events, in this order, on the stream the decision was made on.</summary>
    public sealed record Accepted(IReadOnlyList<object> Events) : Decision;

    /// <summary>Something the command names does not exist (404).</summary>
    public sealed record NotFound(string What, object Id) : Decision;

    /// <summary>A fact already recorded stands in the way (409), e.g. the same bank reference paid before.</summary>
    public sealed record Conflict(string Detail) : Decision;

    /// <summary>The command breaks a rule (422); each error names its field.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Decision;

    public static Decision Accept(params object[] events) => new Accepted(events);

    /// <summary>Accepted with the events, or invalid with the errors when there are any.</summary>
    public static Decision AcceptUnless(List<FieldError> errors, Func<object> @event) =>
        errors.Count > 0 ? new Invalid(errors) : new Accepted([@event()]);

    /// <summary>Accepted with the event, or invalid with what <paramref name="validation"/> collected.</summary>
    public static Decision AcceptUnless(Validation validation, Func<object> @event) =>
        validation.IsValid ? new Accepted([@event()]) : new Invalid(validation.Errors);
}
