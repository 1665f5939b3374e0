using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SharingLedger.Consortia;

namespace SharingLedger.WebConsole;

/// <summary>What every console page has: the signed-in user, the language and its formats, and the not-found answer.</summary>
public abstract class ConsolePage : PageModel
{
    private ConsoleLanguage? _language;

    public ConsoleLanguage Language => _language ??= ConsoleLanguage.Of(Request);
    public ConsoleFormat Format => new(Language);
    public ConsoleUser? Who => ConsoleUser.From(User);
    protected ConsoleUser Me => Who ?? throw new InvalidOperationException("The console's pages are for signed-in users.");
    public Consortium? Consortium { get; protected set; }
    public DateTimeZone Zone => Consortium is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb.GetZoneOrNull(Consortium.TimeZone) ?? DateTimeZone.Utc;

    /// <summary>Set when the page answers 404 (an unknown id, or another member's page for a member): the page shows only that.</summary>
    public bool Missing { get; private set; }

    public string T(string english) => Texts.For(Language, english);

    protected async Task<Consortium> LoadConsortiumAsync(IQuerySession session, CancellationToken ct) =>
        Consortium = await session.LoadAsync<Consortium>(Me.ConsortiumId, ct)
                     ?? throw new InvalidOperationException("The session's consortium does not exist.");

    protected IActionResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
