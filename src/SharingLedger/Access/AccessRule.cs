namespace SharingLedger.Access;

/// <summary>
/// Who may call one endpoint. <see cref="Roles"/> lists the roles allowed; a member system (role member)
/// is further held to its own member: the route's {memberId}, or for a route without one, the member the
/// endpoint checks itself (<see cref="MemberChecksBody"/>). <see cref="OperatorOnly"/> endpoints need a
/// principal without a consortium (a platform operator). <see cref="Anonymous"/> endpoints need no one.
/// </summary>
public sealed record AccessRule(IReadOnlyList<string> Roles, bool OperatorOnly = false, bool Anonymous = false, bool MemberChecksBody = false)
{
    public static AccessRule Open() => new([], Anonymous: true);
    public static AccessRule For(params string[] roles) => new(roles);
    public static AccessRule Operator(params string[] roles) => new(roles, OperatorOnly: true);
    public static AccessRule MemberActsInBody(params string[] roles) => new(roles, MemberChecksBody: true);
}
