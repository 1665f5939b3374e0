using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Subscriptions;

public static class PaySubscriptionInvoiceEndpoint
{
    public static IResult Validate(PayVendorInvoice? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>Pay (part of) a term's vendor invoice, in its currency (a foreign one at the day's rate); the vendor payable goes down by what the payment settles.</summary>
    [ProducesResponseType(typeof(VendorPayment), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/payments")]
    public static (IResult, Events) Post(int term, PayVendorInvoice? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionInvoiceDecisions.Pay(subscription!, term, command!, consortium!.BaseCurrency, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/vendor-payables", ((SubscriptionInvoicePaid)e).Payment));
}

public static class VoidSubscriptionInvoiceEndpoint
{
    public static IResult Validate(VoidVendorInvoice? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>Void a term's vendor invoice recorded in error: its postings and the members' shares are reversed by new entries naming it and why; the term can then be invoiced again.</summary>
    [ProducesResponseType(typeof(SubscriptionInvoiceVoided), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/invoice/voiding")]
    public static (IResult, Events) Post(int term, VoidVendorInvoice? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionInvoiceDecisions.Void(subscription!, term, command!, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/subscriptions/{subscription!.Id}", e));
}

public static class RefundSubscriptionVendorCreditEndpoint
{
    public static IResult Validate(RefundVendorCredit? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>The vendor refunds (part of) what was paid on a term's invoice since voided, in its currency (a foreign one at the day's rate); the vendor credit goes down by what the refund settles.</summary>
    [ProducesResponseType(typeof(VendorCreditRefund), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/vendor-credit/refunds")]
    public static (IResult, Events) Post(int term, RefundVendorCredit? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionInvoiceDecisions.RefundCredit(subscription!, term, command!, consortium!.BaseCurrency, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/vendor-payables", ((SubscriptionVendorCreditRefunded)e).Refund));
}

public static class ApplySubscriptionVendorCreditEndpoint
{
    public static IResult Validate(ApplyVendorCredit? command, Guid consortiumId, Consortium? consortium, Guid subscriptionId, Subscription? subscription) =>
        SubscriptionAccess.Validate(command, consortiumId, consortium, subscriptionId, subscription);

    /// <summary>Apply what was paid on a term's invoice since voided to the invoice recorded in its place: a payment of it that moves no money.</summary>
    [ProducesResponseType(typeof(VendorPayment), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/terms/{term}/vendor-credit/applications")]
    public static (IResult, Events) Post(int term, ApplyVendorCredit? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("subscriptionId", Required = false)] Subscription? subscription) =>
        SubscriptionInvoiceDecisions.ApplyCredit(subscription!, term, command!, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/vendor-payables", ((SubscriptionInvoicePaid)e).Payment));
}
