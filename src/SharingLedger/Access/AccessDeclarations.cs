using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace SharingLedger.Access;

/// <summary>
/// Makes a missing access declaration impossible to miss: the host does not start while a Wolverine endpoint declares
/// none, or more than one (a class's and a method's [Allow] would both apply, so the endpoint would need both), or a bare
/// [Authorize] (which would let in any authenticated principal). Each endpoint declares exactly one
/// <see cref="AllowAttribute"/> or <see cref="AllowAnonymousAttribute"/>, on its method or its class. Endpoints mapped
/// outside Wolverine meet the fallback policy instead (<see cref="AuthSetup"/>), which refuses everyone.
/// </summary>
public sealed class AccessDeclarations : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        var wrong = chains.Select(c => (Chain: c, Problem: Problem(c.Method.HandlerType, c.Method.Method)))
            .Where(x => x.Problem is not null)
            .Select(x => $"{string.Join("/", x.Chain.HttpMethods)} {x.Chain.RoutePattern?.RawText} ({x.Chain.Method.HandlerType.Name}.{x.Chain.Method.Method.Name}): {x.Problem}")
            .ToList();
        if (wrong.Count > 0)
            throw new InvalidOperationException("Every endpoint declares who may call it with exactly one [Allow(...)] or [AllowAnonymous], "
                                                + "on its method or its class:\n" + string.Join("\n", wrong));
    }

    /// <summary>What is wrong with the endpoint's access declaration, or null.</summary>
    public static string? Problem(Type handler, MethodInfo method)
    {
        var declared = handler.GetCustomAttributes(true).Concat(method.GetCustomAttributes(true))
            .Where(a => a is IAuthorizeData or IAllowAnonymous).ToList();
        return declared.Count switch
        {
            0 => "no access declaration",
            > 1 => $"{declared.Count} access declarations",
            _ when declared[0] is not (AllowAttribute or AllowAnonymousAttribute) => $"[{declared[0].GetType().Name}] instead of [Allow] or [AllowAnonymous]",
            _ => null,
        };
    }
}
