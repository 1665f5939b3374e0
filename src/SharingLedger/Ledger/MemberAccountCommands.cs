using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Ledger;

public sealed record AllocationInput(string? ItemId, Money? Amount);
public sealed record RecordPayment(Money? Amount, string? BankReference, LocalDate? ReceivedOn, IReadOnlyList<AllocationInput>? Allocations);
public sealed record IssueCreditNote(Money? Amount, string? Reason, string? ItemId, LocalDate? IssuedOn);
public sealed record RaiseDispute(string? ItemId, string? Reason, LocalDate? RaisedOn);
public sealed record ResolveDispute(bool? Upheld, Money? Credit, string? Reason, LocalDate? ResolvedOn);
public sealed record ApproveWriteOff(Money? Amount, string? Reason, string? ItemId, LocalDate? ApprovedOn);

/// <summary>The member-account commands: each appends one event to the member's account stream, and the postings follow inline.</summary>
public static class MemberAccountEndpoints
{
    private const string Base = "/consortia/{consortiumId}/members/{memberId}/account";

    [WolverinePost(Base + "/payments")]
    public static async Task<IResult> Pay(Guid consortiumId, Guid memberId, RecordPayment? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var ctx = await AccountContext.LoadAsync(session, consortiumId, memberId, ct);
        if (ctx.Problem is not null) return ctx.Problem;
        var errors = new List<FieldError>();
        ctx.CheckAmount(command.Amount, "amount", errors);
        if (string.IsNullOrWhiteSpace(command.BankReference)) errors.Add(new("bankReference", "Required."));
        if (command.ReceivedOn is null) errors.Add(new("receivedOn", "Required (yyyy-MM-dd)."));
        if (errors.Count > 0) return Problems.RuleViolated(errors);

        var stream = await session.Events.FetchForWriting<MemberAccount>(ctx.AccountId, ct);
        if (stream.Aggregate?.PaymentReferences.Contains(command.BankReference!) == true)
            return Problems.Conflict($"A payment with bank reference '{command.BankReference}' was already recorded for this member.");

        var amount = command.Amount!.Value;
        var open = await ctx.OpenItemsAsync(session, ct);
        List<ItemAllocation> allocations;
        string method;
        if (command.Allocations is { Count: > 0 } specified)
        {
            method = "specified";
            allocations = [];
            for (var i = 0; i < specified.Count; i++)
            {
                var a = specified[i];
                var item = open.FirstOrDefault(o => o.ItemId == a.ItemId);
                if (item is null) { errors.Add(new($"allocations[{i}].itemId", $"'{a.ItemId}' is not an open item of this member.")); continue; }
                ctx.CheckAmount(a.Amount, $"allocations[{i}].amount", errors);
                if (a.Amount is { } m && m.Currency == ctx.Currency && m > item.Open)
                    errors.Add(new($"allocations[{i}].amount", $"The item has {item.Open.ToDecimalString()} open."));
                else if (a.Amount is { } ok && ok.Currency == ctx.Currency && ok.IsPositive) allocations.Add(new ItemAllocation(item.ItemId, ok));
            }
            if (specified.Select(a => a.ItemId).Distinct().Count() != specified.Count) errors.Add(new("allocations", "Name each item once."));
            if (errors.Count == 0 && Money.Sum(allocations.Select(a => a.Amount), ctx.Currency) > amount)
                errors.Add(new("allocations", "The allocations exceed the payment."));
            if (errors.Count > 0) return Problems.RuleViolated(errors);
        }
        else
        {
            method = "oldest-first";
            allocations = OldestFirst(open, amount);
        }

        var e = new PaymentReceived(ctx.AccountId, consortiumId, memberId, Guid.NewGuid(), amount, command.BankReference!.Trim(),
            command.ReceivedOn!.Value, allocations, method, clock.GetCurrentInstant());
        stream.AppendOne(e);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/consortia/{consortiumId}/members/{memberId}/statement", e);
    }

    /// <summary>Allocates an amount to open items, oldest first; what is left is held on account.</summary>
    public static List<ItemAllocation> OldestFirst(IReadOnlyList<OpenItem> open, Money amount)
    {
        var left = amount;
        var result = new List<ItemAllocation>();
        foreach (var item in open)
        {
            if (!left.IsPositive) break;
            var take = item.Open < left ? item.Open : left;
            result.Add(new ItemAllocation(item.ItemId, take));
            left -= take;
        }
        return result;
    }

    [WolverinePost(Base + "/credit-notes")]
    public static async Task<IResult> Credit(Guid consortiumId, Guid memberId, IssueCreditNote? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var ctx = await AccountContext.LoadAsync(session, consortiumId, memberId, ct);
        if (ctx.Problem is not null) return ctx.Problem;
        var errors = new List<FieldError>();
        await ctx.CheckReductionAsync(session, command.Amount, command.Reason, command.IssuedOn, "issuedOn", command.ItemId, errors, ct);
        if (errors.Count > 0) return Problems.RuleViolated(errors);

        var e = new CreditNoteIssued(ctx.AccountId, consortiumId, memberId, Guid.NewGuid(), command.Amount!.Value, command.Reason!.Trim(),
            command.ItemId, command.IssuedOn!.Value, clock.GetCurrentInstant());
        (await session.Events.FetchForWriting<MemberAccount>(ctx.AccountId, ct)).AppendOne(e);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/consortia/{consortiumId}/members/{memberId}/statement", e);
    }

    [WolverinePost(Base + "/disputes")]
    public static async Task<IResult> Dispute(Guid consortiumId, Guid memberId, RaiseDispute? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var ctx = await AccountContext.LoadAsync(session, consortiumId, memberId, ct);
        if (ctx.Problem is not null) return ctx.Problem;
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required."));
        await ctx.CheckItemAsync(session, command.ItemId, null, "itemId", required: true, errors, ct);
        if (errors.Count > 0) return Problems.RuleViolated(errors);

        var stream = await session.Events.FetchForWriting<MemberAccount>(ctx.AccountId, ct);
        if (stream.Aggregate?.OpenDisputes.Values.Any(d => d.ItemId == command.ItemId) == true)
            return Problems.Conflict("This item is already in dispute.");
        var now = clock.GetCurrentInstant();
        var e = new DisputeRaised(ctx.AccountId, consortiumId, memberId, Guid.NewGuid(), command.ItemId!, command.Reason!.Trim(),
            command.RaisedOn ?? now.InUtc().Date, now);
        stream.AppendOne(e);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/consortia/{consortiumId}/members/{memberId}/account/disputes/{e.DisputeId}", e);
    }

    [WolverinePost(Base + "/disputes/{disputeId}/resolution")]
    public static async Task<IResult> Resolve(Guid consortiumId, Guid memberId, Guid disputeId, ResolveDispute? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var ctx = await AccountContext.LoadAsync(session, consortiumId, memberId, ct);
        if (ctx.Problem is not null) return ctx.Problem;
        var stream = await session.Events.FetchForWriting<MemberAccount>(ctx.AccountId, ct);
        if (stream.Aggregate?.ResolvedDisputes.ContainsKey(disputeId) == true) return Problems.Conflict("This dispute was already resolved.");
        if (stream.Aggregate?.OpenDisputes.GetValueOrDefault(disputeId) is not { } dispute) return Problems.NotFound("dispute", disputeId);

        var errors = new List<FieldError>();
        if (command.Upheld is null) errors.Add(new("upheld", "Required: true (with a credit) or false."));
        if (string.IsNullOrWhiteSpace(command.Reason)) errors.Add(new("reason", "Required."));
        if (command.Upheld == true) await ctx.CheckItemAsync(session, dispute.ItemId, command.Credit, "credit", required: true, errors, ct, requireAmount: true);
        if (command.Upheld == false && command.Credit is not null) errors.Add(new("credit", "A rejected dispute carries no credit."));
        if (errors.Count > 0) return Problems.RuleViolated(errors);

        var now = clock.GetCurrentInstant();
        var e = new DisputeResolved(ctx.AccountId, consortiumId, memberId, disputeId, dispute.ItemId, command.Upheld!.Value,
            command.Upheld == true ? command.Credit : null, command.Reason!.Trim(), command.ResolvedOn ?? now.InUtc().Date, now);
        stream.AppendOne(e);
        await session.SaveChangesAsync(ct);
        return Results.Ok(e);
    }

    [WolverinePost(Base + "/write-offs")]
    public static async Task<IResult> WriteOff(Guid consortiumId, Guid memberId, ApproveWriteOff? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var ctx = await AccountContext.LoadAsync(session, consortiumId, memberId, ct);
        if (ctx.Problem is not null) return ctx.Problem;
        var errors = new List<FieldError>();
        await ctx.CheckReductionAsync(session, command.Amount, command.Reason, command.ApprovedOn, "approvedOn", command.ItemId, errors, ct);
        if (errors.Count == 0 && command.ItemId is null)
        {
            var outstanding = Money.Sum((await ctx.OpenItemsAsync(session, ct)).Select(i => i.Open), ctx.Currency);
            if (command.Amount!.Value > outstanding) errors.Add(new("amount", $"The member owes {outstanding.ToDecimalString()}; a write-off cannot exceed it."));
        }
        if (errors.Count > 0) return Problems.RuleViolated(errors);

        var e = new WriteOffApproved(ctx.AccountId, consortiumId, memberId, Guid.NewGuid(), command.Amount!.Value, command.Reason!.Trim(),
            command.ItemId, command.ApprovedOn!.Value, clock.GetCurrentInstant());
        (await session.Events.FetchForWriting<MemberAccount>(ctx.AccountId, ct)).AppendOne(e);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/consortia/{consortiumId}/members/{memberId}/statement", e);
    }
}
