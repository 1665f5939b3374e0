using Marten;
using SharingLedger.Ledger;
using SharingLedger.Membership;

namespace SharingLedger.WebConsole;

/// <summary>
/// A page with a form recorded through the API's own endpoint (<see cref="InProcessApi"/>): the API's message for each field
/// is shown beside that field (<see cref="ErrorOf"/>), anything not about a field above the form, and the page answers with
/// the API's status. <see cref="Fields"/> names the form's fields as the API names them (the head of "amount.amount").
/// </summary>
public abstract class ConsoleFormPage : ConsolePage
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? Failure { get; protected set; }
    public string? Recorded { get; protected set; }

    protected abstract IReadOnlyCollection<string> Fields { get; }

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The form's own checks found something: answer 422 like the API would, nothing is sent.</summary>
    protected bool Refused()
    {
        if (Errors.Count == 0) return false;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return true;
    }

    /// <summary>Shows the API's answer; true when it recorded the command.</summary>
    protected bool Accepted(ApiAnswer answer)
    {
        if (answer.Succeeded) return true;
        foreach (var (field, messages) in answer.Errors)
            Errors.TryAdd(FieldOf(field), T(messages[0]));
        if (Errors.TryGetValue("form", out var general)) Failure = general;
        else if (answer.Errors.Count == 0) Failure = T(answer.Detail ?? answer.Title ?? "The ledger refused this.");
        Response.StatusCode = answer.Status;
        return false;
    }

    /// <summary>The form's field an API field's message goes beside (its head, or "form" above the form).</summary>
    protected virtual string FieldOf(string apiField)
    {
        var end = apiField.IndexOfAny(['.', '[']);
        var head = end < 0 ? apiField : apiField[..end];
        return Fields.FirstOrDefault(f => string.Equals(f, head, StringComparison.OrdinalIgnoreCase)) ?? "form";
    }

    /// <summary>A field of this form, with its value, the message the last answer gave it and its hint.</summary>
    public FormField Field(string name, string label, string? value, string? hint = null, string type = "text", IReadOnlyList<(string Value, string Label)>? options = null,
        bool required = true, string? inputMode = null) =>
        new(name, label, value, ErrorOf(name), hint, type, options, required, inputMode);

    public Microsoft.AspNetCore.Html.IHtmlContent Input(string name, string label, string? value, string? hint = null, string type = "text",
        IReadOnlyList<(string Value, string Label)>? options = null, bool required = true, string? inputMode = null) =>
        Field(name, label, value, hint, type, options, required, inputMode).Render(T("Choose…"));

    /// <summary>The consortium's members by code, as a select's options.</summary>
    protected async Task<IReadOnlyList<(string Value, string Label)>> MemberOptionsAsync(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Member>().Where(m => m.ConsortiumId == Me.ConsortiumId).OrderBy(m => m.Code).ToListAsync(ct))
        .Select(m => (m.Id.ToString(), $"{m.Code} · {m.Current.Name}")).ToList();

    /// <summary>A member's open items as the API's statement lists them (null for an unknown member).</summary>
    protected async Task<IReadOnlyList<OpenItem>?> OpenItemsAsync(IQuerySession session, Guid memberId, CancellationToken ct)
    {
        var (view, problem) = await LedgerViewEndpoints.StatementAsync(Me.ConsortiumId, memberId, null, null, session, ct, 1, 1);
        return problem is null ? view?.OpenItems : null;
    }

    public static Guid? GuidOf(string? text) => Guid.TryParse(text, out var id) ? id : null;
}
