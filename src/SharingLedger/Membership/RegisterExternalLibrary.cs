using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Membership;

/// <summary>A library outside the consortium to register as a party to loans: its code, name, kind (prices may differ by kind) and the date from which it may lend and borrow.</summary>
public sealed record RegisterExternalLibrary(string Code, string Name, MemberKind? Kind, LocalDate? EffectiveFrom);

/// <summary>Whether the code a registration asks for is already a member's or an external library's.</summary>
public sealed record ExternalCodeTaken(bool Taken);

public static class ExternalLibraryDecisions
{
    /// <summary>Registered like an admission, without figures: the code is unique among the consortium's members and external libraries.</summary>
    public static Decision Register(RegisterExternalLibrary c, Consortium consortium, bool codeTaken, Guid id, Instant now)
    {
        var v = new Validation()
            .NotBlank(c.Code, "code", 32)
            .NotBlank(c.Name, "name")
            .Require(c.Kind is not null, "kind", "Required: academic, public, school, special or enterprise.")
            .Date(c.EffectiveFrom, "effectiveFrom");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        var code = c.Code.Trim();
        if (codeTaken) return new Decision.Conflict($"The consortium already has a member or external library with code '{code}'.");
        return Decision.Accept(new ExternalLibraryRegistered(id, consortium.Id, code, c.Name.Trim(), c.Kind!.Value, consortium.BaseCurrency, c.EffectiveFrom!.Value, now));
    }
}

public static class RegisterExternalLibraryEndpoint
{
    public static IResult Validate(RegisterExternalLibrary? command, Guid consortiumId, Consortium? consortium) => MemberContext.Validate(command, consortiumId, consortium);

    public static async Task<ExternalCodeTaken> LoadAsync(RegisterExternalLibrary? command, Guid consortiumId, IDocumentSession session, CancellationToken ct)
    {
        var code = command?.Code?.Trim();
        return new ExternalCodeTaken(code is not null && await session.Query<Member>().AnyAsync(m => m.ConsortiumId == consortiumId && m.Code == code, ct));
    }

    /// <summary>
    /// Register a library outside the consortium as a party to loans (operator): it may borrow from and lend to members, its
    /// charges clear through the consortium's clearing on its own account, and it counts in net-lender reimbursement; it has
    /// no vote, dues or shares. Set its ISO 18626 agency ids with <c>POST …/members/{id}/identifiers</c>, as a member's.
    /// </summary>
    [ProducesResponseType(typeof(Infrastructure.Api.ResourceId), 201)]
    [Allow(Roles.Admin)]
    [WolverinePost("/consortia/{consortiumId}/external-libraries")]
    public static (IResult, IMartenOp) Post(Guid consortiumId, RegisterExternalLibrary? command, ExternalCodeTaken taken, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium)
    {
        var id = Guid.CreateVersion7();
        return ExternalLibraryDecisions.Register(command!, consortium!, taken.Taken, id, clock.GetCurrentInstant())
            .Start<Member>(id, _ => Results.Created($"/consortia/{consortiumId}/members/{id}", new { id }));
    }
}
