using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Infrastructure.Marten;
using Wolverine.Http;

namespace SharingLedger.Loans.Import;

/// <summary>What an accepted import recorded.</summary>
public sealed record LoanImportAccepted(int Lines, int Loans, int Events);

// Not Wolverine's aggregate workflow: a history import writes many new streams at once through Marten's bulk append
// (LoanHistoryImport), which has its own transaction; every line is decided by the same pure LoanDecisions first.
public static class ImportLoansEndpoint
{
    /// <summary>This route's body limit in bytes (default 16 MiB), above the service-wide <c>Limits:MaxBodyBytes</c>.</summary>
    public const string MaxBodySetting = "Limits:LoanImportMaxBodyBytes";

    /// <summary>
    /// Import loan history (finance): a CSV file with a header row (<c>text/csv</c>) or JSON lines (<c>application/x-ndjson</c>),
    /// one request or step a line, decided line by line as the loan routes would decide them in that order. Any refused line
    /// makes it a 422 listing every refused line by number (<c>errors</c> keyed <c>line N: field</c>), and nothing is recorded.
    /// Importing the same file again is refused (its request ids are already open), so a retry records nothing twice.
    /// The file may be up to 16 MiB (weeks of loans; <c>Limits:LoanImportMaxBodyBytes</c>), over it a 413; a year of a large
    /// consortium goes through the operator's <c>import-loans</c> command.
    /// </summary>
    [ProducesResponseType(typeof(LoanImportAccepted), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/loans/import")]
    [Infrastructure.Api.BodyLimit(MaxBodySetting, 16L << 20)] // weeks of loans, not a year: a year is the operator's import-loans
    [Infrastructure.Api.IdempotentByItself] // a repeat is refused whole by the request ids it repeats; nothing is recorded twice
    public static async Task<IResult> Post(Guid consortiumId, HttpRequest request, IDocumentStore store, ISettledMonths settled, IClock clock, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("text/csv" or "application/x-ndjson" or "application/jsonl" or "application/json-lines"))
            return Results.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = "Send loan history as text/csv (with a header row) or application/x-ndjson (JSON lines).",
                Type = ProblemTypes.Of("unsupported-media-type"),
            });
        await using (var query = store.QueryFor(consortiumId))
            if (await query.LoadAsync<Consortium>(consortiumId, ct) is null) return Problems.NotFound("consortium", consortiumId);

        // Buffered to a temporary file (deleted when closed), not read into one string: the body may be many megabytes.
        await using var buffered = new FileStream(Path.Combine(Path.GetTempPath(), $"loan-import-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await request.Body.CopyToAsync(buffered, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge();
        }
        buffered.Position = 0;
        using var reader = new StreamReader(buffered, System.Text.Encoding.UTF8);
        var result = await LoanHistoryImport.RunAsync(store, settled, consortiumId, reader, clock, request.HttpContext.User.Identity?.Name, null, ct);
        if (result.Rejects.Count > 0)
            return Problems.RuleViolated(result.Rejects.Select(r => new FieldError($"line {r.Line}: {r.Field}", r.Message)));
        if (result.Loans == 0) return Problems.RuleViolated("body", "The file holds no request.");
        return Results.Ok(new LoanImportAccepted(result.Lines, result.Loans, result.Events));
    }
}
