using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using Wolverine.Http;

namespace SharingLedger.Membership;

/// <summary>The 400 and 404 answers of the membership endpoints, for what Wolverine loaded (their <c>Validate</c> methods).</summary>
internal static class MemberContext
{
    /// <summary>An empty body is a 400; an unknown consortium a 404.</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    /// <summary>An empty body is a 400; a member that is not one of the consortium's members a 404.</summary>
    public static IResult Validate(object? command, Guid consortiumId, Guid memberId, Member? member)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        return WolverineContinue.Result();
    }
}
