using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Sharing;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;

namespace SharingLedger.Procurement;

public static class PayProcurementInvoiceEndpoint
{
    public static IResult Validate(PayVendorInvoice? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);

    /// <summary>Pay (part of) a joint procurement's vendor invoice, in its currency (a foreign one at the day's rate); the vendor payable goes down by what the payment settles.</summary>
    [ProducesResponseType(typeof(VendorPayment), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/invoice/payments")]
    public static (IResult, Events) Post(PayVendorInvoice? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementInvoiceDecisions.Pay(procurement!, command!, consortium!.BaseCurrency, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/vendor-payables", ((ProcurementInvoicePaid)e).Payment));
}

public static class VoidProcurementInvoiceEndpoint
{
    public static IResult Validate(VoidVendorInvoice? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);

    /// <summary>Void a joint procurement's vendor invoice recorded in error: its postings and the members' shares are reversed by new entries naming it and why; the right invoice can then be recorded.</summary>
    [ProducesResponseType(typeof(ProcurementInvoiceVoided), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/invoice/voiding")]
    public static (IResult, Events) Post(VoidVendorInvoice? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementInvoiceDecisions.Void(procurement!, command!, clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/procurements/{procurement!.Id}", e));
}

public static class RefundProcurementVendorCreditEndpoint
{
    public static IResult Validate(RefundVendorCredit? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);

    /// <summary>The vendor refunds (part of) what was paid on a joint procurement's invoice since voided, in its currency (a foreign one at the day's rate); the vendor credit goes down by what the refund settles.</summary>
    [ProducesResponseType(typeof(VendorCreditRefund), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/vendor-credit/refunds")]
    public static (IResult, Events) Post(RefundVendorCredit? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementInvoiceDecisions.RefundCredit(procurement!, command!, consortium!.BaseCurrency, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium.Id}/vendor-payables", ((ProcurementVendorCreditRefunded)e).Refund));
}

public static class ApplyProcurementVendorCreditEndpoint
{
    public static IResult Validate(ApplyVendorCredit? command, Guid consortiumId, Consortium? consortium, Guid procurementId, JointProcurement? procurement) =>
        ProcurementAccess.Validate(command, consortiumId, consortium, procurementId, procurement);

    /// <summary>Apply what was paid on a joint procurement's invoice since voided to the invoice recorded in its place: a payment of it that moves no money.</summary>
    [ProducesResponseType(typeof(VendorPayment), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/vendor-credit/applications")]
    public static (IResult, Events) Post(ApplyVendorCredit? command, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium,
        [WriteAggregate("procurementId", Required = false)] JointProcurement? procurement) =>
        ProcurementInvoiceDecisions.ApplyCredit(procurement!, command!, Guid.NewGuid(), clock.GetCurrentInstant())
            .Respond(e => Results.Created($"/consortia/{consortium!.Id}/vendor-payables", ((ProcurementInvoicePaid)e).Payment));
}
