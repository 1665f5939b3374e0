using Marten;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Ledger;

/// <summary>
/// What every member-account endpoint does around its decision: the 400 and 404 answers for what Wolverine loaded
/// (<c>Validate</c>), and the facts the decision needs (<c>LoadAsync</c>), read on the session the account stream was
/// fetched for writing on, after it was fetched.
/// </summary>
internal static class AccountContext
{
    /// <summary>An empty body is a 400; an unknown consortium, or a member that is not one of its members, a 404 (as problem details).</summary>
    public static IResult Validate(object? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        if (member is null || member.ConsortiumId != consortiumId) return Problems.NotFound("member", memberId);
        return WolverineContinue.Result();
    }

    /// <summary>
    /// The member's open items now, from the running totals, and which of the <paramref name="named"/> items are receivable
    /// debits of the member. Empty when <see cref="Validate"/> is going to refuse the request anyway.
    /// </summary>
    public static async Task<AccountFacts> FactsAsync(IQuerySession session, Consortium? consortium, Member? member, IEnumerable<string?> named, CancellationToken ct)
    {
        if (consortium is null || member is null || member.ConsortiumId != consortium.Id) return new AccountFacts(Guid.Empty, Guid.Empty, "", [], new HashSet<string>());
        var (consortiumId, memberId, currency) = (consortium.Id, member.Id, consortium.BaseCurrency);
        var open = (await PostingTotals.OpenItemsAsync(session, consortiumId, memberId, currency, ct)).GetValueOrDefault(memberId) ?? [];
        var items = new HashSet<string>();
        foreach (var itemId in named.OfType<string>().Distinct())
        {
            if (await session.Query<Posting>().AnyAsync(p => p.ConsortiumId == consortiumId && p.MemberId == memberId
                    && p.Account == Accounts.MemberReceivable && p.ItemId == itemId && p.Debit > 0, ct))
                items.Add(itemId);
        }
        var totals = (await PostingTotals.MembersAsync(session, consortiumId, memberId, currency, ct)).GetValueOrDefault(memberId);
        // The running totals' net is the receivable less the payable (both in the member's debit-minus-credit terms).
        var payable = totals?.Payable ?? 0;
        return new AccountFacts(consortiumId, memberId, currency, open, items, (totals?.Net ?? 0) + payable, payable);
    }
}
