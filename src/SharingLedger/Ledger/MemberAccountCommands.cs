using Marten;
using JasperFx.Events;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Membership;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Ledger;

public sealed record AllocationInput(string? ItemId, Money? Amount);
public sealed record RecordPayment(Money? Amount, string? BankReference, LocalDate? ReceivedOn, IReadOnlyList<AllocationInput>? Allocations);
public sealed record IssueCreditNote(Money? Amount, string? Reason, string? ItemId, LocalDate? IssuedOn);
public sealed record RaiseDispute(string? ItemId, string? Reason, LocalDate? RaisedOn);
public sealed record ResolveDispute(bool? Upheld, Money? Credit, string? Reason, LocalDate? ResolvedOn);
public sealed record ApproveWriteOff(Money? Amount, string? Reason, string? ItemId, LocalDate? ApprovedOn);
public sealed record ReversePayment(string? Reason, LocalDate? ReversedOn);
public sealed record RefundOverpayment(Money? Amount, string? BankReference, string? Reason, LocalDate? PaidOn);
/// <param name="Method">'paid-out' (to the member's bank, with a bank reference) or 'applied-to-bill' (against its open items, oldest first).</param>
public sealed record SettleMemberPayable(Money? Amount, string? Method, string? BankReference, LocalDate? SettledOn);

// The member-account commands, in Wolverine's aggregate handler workflow. For each request Wolverine loads the consortium
// and the member ([Document]) and fetches the member's account stream for writing ([WriteAggregate], id from AccountId),
// in one batch; Validate answers 400/404; LoadAsync reads the facts (it takes the fetched stream, so it cannot run before
// the fetch); the endpoint method asks the pure decision (MemberAccountDecisions) and returns its answer and its events;
// Wolverine appends them at the version the stream was fetched at and saves. A reduction saved by another request in
// between is a 409, never a second reduction. One class per endpoint: Validate and LoadAsync apply to every endpoint of
// their class.

public static class RecordPaymentEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(RecordPayment? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(IEventStream<MemberAccount> account, Consortium? consortium, Member? member, IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [], ct);

    /// <summary>Record a payment from a member, allocated to its open items (oldest first unless finance says otherwise); any rest is held on account.</summary>
    [ProducesResponseType(typeof(PaymentReceived), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/payments")]
    public static (IResult, Events) Post(RecordPayment? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Pay(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

public static class IssueCreditNoteEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(IssueCreditNote? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(IssueCreditNote? command, IEventStream<MemberAccount> account, Consortium? consortium, Member? member,
        IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [command?.ItemId], ct);

    /// <summary>Issue a credit note to a member, against one item or on account; the central fund bears it.</summary>
    [ProducesResponseType(typeof(CreditNoteIssued), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/credit-notes")]
    public static (IResult, Events) Post(IssueCreditNote? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Credit(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

public static class RaiseDisputeEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(RaiseDispute? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(RaiseDispute? command, IEventStream<MemberAccount> account, Consortium? consortium, Member? member,
        IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [command?.ItemId], ct);

    /// <summary>Dispute an item on a member's account; nothing posts until the dispute is resolved.</summary>
    [ProducesResponseType(typeof(DisputeRaised), 201)]
    [Allow(Roles.Member, Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/disputes")]
    public static (IResult, Events) Post(RaiseDispute? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Dispute(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"{MemberAccountRoutes.AccountUrl(facts)}/disputes/{((DisputeRaised)e).DisputeId}", e));
}

public static class ResolveDisputeEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(ResolveDispute? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    /// <summary>The item the credit goes against is the disputed one, as the account recorded it.</summary>
    public static Task<AccountFacts> LoadAsync(Guid disputeId, IEventStream<MemberAccount> account, Consortium? consortium, Member? member,
        IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [account.Aggregate?.OpenDisputes.GetValueOrDefault(disputeId)?.ItemId], ct);

    /// <summary>Resolve a dispute: upheld with an adjusting credit against the item, or rejected.</summary>
    [ProducesResponseType(typeof(DisputeResolved), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/disputes/{disputeId}/resolution")]
    public static (IResult, Events) Post(Guid disputeId, ResolveDispute? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Resolve(account, disputeId, command!, facts, clock.GetCurrentInstant()).Respond(Results.Ok);
}

public static class ApproveWriteOffEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(ApproveWriteOff? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(ApproveWriteOff? command, IEventStream<MemberAccount> account, Consortium? consortium, Member? member,
        IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [command?.ItemId], ct);

    /// <summary>Approve writing off what a member owes, on one item or on account; the central fund bears it.</summary>
    [ProducesResponseType(typeof(WriteOffApproved), 201)]
    [Allow(Roles.Auditor)]
    [WolverinePost(MemberAccountRoutes.Account + "/write-offs")]
    public static (IResult, Events) Post(ApproveWriteOff? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.WriteOff(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

public static class ReversePaymentEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(ReversePayment? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(IEventStream<MemberAccount> account, Consortium? consortium, Member? member, IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [], ct);

    /// <summary>Reverse a payment recorded in error (bounced, wrong member, wrong amount): the items it settled are open again; record the right payment anew.</summary>
    [ProducesResponseType(typeof(PaymentReversed), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/payments/{paymentId}/reversal")]
    public static (IResult, Events) Post(Guid paymentId, ReversePayment? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Reverse(account, paymentId, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

public static class RefundOverpaymentEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(RefundOverpayment? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(IEventStream<MemberAccount> account, Consortium? consortium, Member? member, IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [], ct);

    /// <summary>Refund an overpayment: pay back money held on the member's account beyond everything it owes.</summary>
    [ProducesResponseType(typeof(OverpaymentRefunded), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/refunds")]
    public static (IResult, Events) Post(RefundOverpayment? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.Refund(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

public static class SettleMemberPayableEndpoint
{
    public static Guid AccountId(Guid consortiumId, Guid memberId) => StreamIds.MemberAccount(consortiumId, memberId);
    public static IResult Validate(SettleMemberPayable? command, Guid consortiumId, Consortium? consortium, Guid memberId, Member? member) =>
        AccountContext.Validate(command, consortiumId, consortium, memberId, member);
    public static Task<AccountFacts> LoadAsync(IEventStream<MemberAccount> account, Consortium? consortium, Member? member, IDocumentSession session, CancellationToken ct) =>
        AccountContext.FactsAsync(session, consortium, member, [], ct);

    /// <summary>Settle what the consortium owes a member (clearing credits, reimbursements): pay it out, or apply it against the member's bill.</summary>
    [ProducesResponseType(typeof(MemberPayableSettled), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost(MemberAccountRoutes.Account + "/payable-settlements")]
    public static (IResult, Events) Post(SettleMemberPayable? command, AccountFacts facts, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium, [Document("memberId", Required = false)] Member? member,
        [WriteAggregate(FromMethod = nameof(AccountId), Required = false)] MemberAccount? account) =>
        MemberAccountDecisions.SettlePayable(account, command!, facts, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created(MemberAccountRoutes.Statement(facts), e));
}

internal static class MemberAccountRoutes
{
    public const string Account = "/consortia/{consortiumId}/members/{memberId}/account";
    public static string Statement(AccountFacts f) => $"/consortia/{f.ConsortiumId}/members/{f.MemberId}/statement";
    public static string AccountUrl(AccountFacts f) => $"/consortia/{f.ConsortiumId}/members/{f.MemberId}/account";
}
