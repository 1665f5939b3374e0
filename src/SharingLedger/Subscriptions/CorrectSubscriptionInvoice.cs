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
