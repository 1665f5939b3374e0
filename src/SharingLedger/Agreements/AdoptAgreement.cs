using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Agreements;

public sealed record DuesTermInput(MoneyInput? AnnualAmount, CostSharingRule? Rule);

/// <summary>
/// Adopt version <c>version</c> of the agreement; it must be the next version number. A <c>retroactive</c> amendment takes
/// effect on a past date (today at the latest), which may be the previous version's own first day (it then replaces that
/// version entirely); its restatement (<c>POST …/agreement/versions/{version}/restatement</c>) re-prices the costs it touches.
/// </summary>
public sealed record AdoptAgreement(int Version, LocalDate? EffectiveFrom, IReadOnlyList<Guid>? Signatories, DuesTermInput? Dues,
    IReadOnlyDictionary<string, SharingTerm>? CostSharing = null, Loans.LendingFees? Lending = null, bool? Retroactive = null,
    IReadOnlyDictionary<string, InKind.InKindRate>? InKind = null);

public static class AdoptAgreementEndpoint
{
    /// <summary>Adopt the next agreement version: effective from, signatories, annual dues and their rule, sharing terms, lending terms and in-kind rates. With <c>retroactive: true</c>, an amendment effective on a past date (then restate it).</summary>
    [ProducesResponseType(typeof(AgreementVersionAdoption), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/agreement/versions")]
    public static async Task<IResult> Post(Guid consortiumId, AdoptAgreement? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);

        var agreementId = StreamIds.Agreement(consortiumId);
        var stream = await session.Events.FetchForWriting<Agreement>(agreementId, ct);
        var current = stream.Aggregate;
        var nextVersion = (current?.Latest.Version ?? 0) + 1;
        if (command.Version != nextVersion)
            return current is not null && command.Version <= current.Latest.Version
                ? Problems.Conflict($"Version {command.Version} of the agreement was already adopted; the next version is {nextVersion}.")
                : Problems.RuleViolated("version", $"The next version of the agreement is {nextVersion}.");

        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom");
        var retroactive = command.Retroactive == true;
        if (retroactive) AmendmentRules.CheckRetroactive(v, current, command.EffectiveFrom, consortium.Calendar().Today(clock));
        else if (current is not null && command.EffectiveFrom is { } from && from <= current.Latest.EffectiveFrom)
            v.Add("effectiveFrom", $"Version {current.Latest.Version} is effective from {current.Latest.EffectiveFrom:uuuu-MM-dd}; a new version must take effect after that.");
        var signatories = command.Signatories ?? [];
        v.Require(signatories.Count > 0, "signatories", "An agreement needs at least one signatory member.");
        v.Require(signatories.Distinct().Count() == signatories.Count, "signatories", "A member signs once.");
        var members = (await session.LoadManyAsync<Member>(ct, signatories.Distinct())).ToDictionary(m => m.Id);
        for (var i = 0; i < signatories.Count; i++)
        {
            if (!members.TryGetValue(signatories[i], out var m) || m.ConsortiumId != consortiumId)
                v.Add($"signatories[{i}]", $"{signatories[i]} is not a member of this consortium.");
            else if (command.EffectiveFrom is { } date && !m.IsActiveOn(date))
                v.Add($"signatories[{i}]", $"Member {m.Code} is not a member on {date:uuuu-MM-dd}.");
        }
        var amount = v.Money(command.Dues?.AnnualAmount, "dues.annualAmount", positive: true, currency: consortium.BaseCurrency);
        if (command.Dues?.Rule is null) v.Add("dues.rule", "Required.");
        else foreach (var violation in RuleValidation.Check(command.Dues.Rule, "dues.rule")) v.Add(violation.Field, violation.Message);
        SharingTermValidation.Check(v, command.CostSharing, consortium.BaseCurrency);
        InKind.InKindRates.Check(v, command.InKind, consortium.BaseCurrency);
        await Loans.LendingFeesValidation.CheckAsync(v, command.Lending, consortiumId, consortium.BaseCurrency, session, ct);
        if (!v.IsValid) return v.Problem();

        var adopted = new AgreementAdopted(agreementId, consortiumId, command.Version, command.EffectiveFrom!.Value, signatories,
            new DuesTerm(amount!.Value, command.Dues!.Rule!), clock.GetCurrentInstant(), command.CostSharing, command.Lending, retroactive,
            command.InKind);
        stream.AppendOne(adopted); // starts the stream for version 1; a concurrent adoption loses with a 409
        return Results.Created($"/consortia/{consortiumId}/agreement", new { id = agreementId, version = command.Version });
    }
}

/// <summary>The agreement (its id) and the version just adopted.</summary>
public sealed record AgreementVersionAdoption(Guid Id, int Version);
