using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Ledger;

/// <summary>The consortium and member an account command is about, or the problem that stops it.</summary>
internal sealed class AccountContext
{
    public IResult? Problem { get; private init; }
    public Guid ConsortiumId { get; private init; }
    public Guid MemberId { get; private init; }
    public Guid AccountId { get; private init; }
    public string Currency { get; private init; } = "";

    public static async Task<AccountContext> LoadAsync(IQuerySession session, Guid consortiumId, Guid memberId, CancellationToken ct)
    {
        var consortium = await session.LoadAsync<Consortium>(consortiumId, ct);
        if (consortium is null) return new AccountContext { Problem = Problems.NotFound("consortium", consortiumId) };
        var member = await session.LoadAsync<Member>(memberId, ct);
        if (member is null || member.ConsortiumId != consortiumId) return new AccountContext { Problem = Problems.NotFound("member", memberId) };
        return new AccountContext
        {
            ConsortiumId = consortiumId, MemberId = memberId, AccountId = StreamIds.MemberAccount(consortiumId, memberId), Currency = consortium.BaseCurrency,
        };
    }

    public void CheckAmount(Money? amount, string field, List<FieldError> errors)
    {
        if (amount is not { } m) errors.Add(new(field, "Required: {\"amount\":\"…\",\"currency\":\"…\"}."));
        else if (m.Currency != Currency) errors.Add(new(field, $"The consortium keeps its books in {Currency}."));
        else if (!m.IsPositive) errors.Add(new(field, "Must be more than zero."));
    }

    /// <summary>The member's open items now, from the running totals (every posting counts, whatever its date).</summary>
    public async Task<IReadOnlyList<OpenItem>> OpenItemsAsync(IQuerySession session, CancellationToken ct) =>
        (await PostingTotals.OpenItemsAsync(session, ConsortiumId, MemberId, Currency, ct)).GetValueOrDefault(MemberId) ?? [];

    /// <summary>What a credit note and a write-off both need: a positive amount in the books' currency, a reason, a date, and an optional item it does not exceed.</summary>
    public async Task CheckReductionAsync(IQuerySession session, Money? amount, string? reason, NodaTime.LocalDate? on, string dateField,
        string? itemId, List<FieldError> errors, CancellationToken ct)
    {
        CheckAmount(amount, "amount", errors);
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "Required."));
        if (on is null) errors.Add(new(dateField, "Required (yyyy-MM-dd)."));
        await CheckItemAsync(session, itemId, amount, "itemId", required: false, errors, ct);
    }

    /// <summary>An item named must be one of this member's receivable debits; an amount against it may not exceed what is open.</summary>
    public async Task CheckItemAsync(IQuerySession session, string? itemId, Money? amount, string field, bool required,
        List<FieldError> errors, CancellationToken ct, bool requireAmount = false)
    {
        if (requireAmount) CheckAmount(amount, field, errors);
        if (itemId is null)
        {
            if (required) errors.Add(new("itemId", "Required: the id of an item on the member's statement."));
            return;
        }
        var exists = await session.Query<Posting>().AnyAsync(p => p.ConsortiumId == ConsortiumId && p.MemberId == MemberId
            && p.Account == Accounts.MemberReceivable && p.ItemId == itemId && p.Debit > 0, ct);
        if (!exists)
        {
            errors.Add(new("itemId", $"'{itemId}' is not an item on this member's account."));
            return;
        }
        if (amount is { } m && m.Currency == Currency)
        {
            var open = (await OpenItemsAsync(session, ct)).FirstOrDefault(o => o.ItemId == itemId)?.Open ?? Money.Zero(Currency);
            if (m > open) errors.Add(new(field, $"The item has {open.ToDecimalString()} open."));
        }
    }
}
