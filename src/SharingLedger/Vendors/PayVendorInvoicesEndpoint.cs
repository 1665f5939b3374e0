using JasperFx.Events;
using Marten;
using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.Money;
using SharingLedger.Procurement;
using SharingLedger.Sharing;
using SharingLedger.Subscriptions;
using Wolverine.Http;
using Wolverine.Http.Marten;

namespace SharingLedger.Vendors;

/// <summary>
/// The streams of the invoices a payment names (subscriptions' and procurements'), each fetched for writing, and those invoices as they
/// stand on them. Empty while the body, the vendor or the consortium is missing: Validate or the decision refuses the request then.
/// </summary>
public sealed record VendorPaymentWrite(
    IReadOnlyDictionary<Guid, IEventStream<Subscription>> Subscriptions,
    IReadOnlyDictionary<Guid, IEventStream<JointProcurement>> Procurements,
    IReadOnlyList<BookedInvoice> Invoices)
{
    public static readonly VendorPaymentWrite Empty = new(new Dictionary<Guid, IEventStream<Subscription>>(), new Dictionary<Guid, IEventStream<JointProcurement>>(), []);

    /// <summary>A part of the payment goes on its invoice's own stream, as a payment of that invoice alone would.</summary>
    public void Append(object e)
    {
        var payment = (VendorPayment)e;
        if (payment.SourceKind == "subscription") Subscriptions[payment.SourceId].AppendOne(new SubscriptionInvoicePaid(payment.SourceId, payment.Term!.Value, payment));
        else Procurements[payment.SourceId].AppendOne(new ProcurementInvoicePaid(payment.SourceId, payment));
    }
}

/// <summary>
/// One payment covering several invoices of one vendor. The invoices live on their own streams (a subscription term's, a procurement's),
/// so <c>LoadAsync</c> finds the ones the body names and fetches each stream for writing; the pure <see cref="VendorPaymentDecisions"/>
/// decides every part, and each part is appended to its invoice's stream under the version fetched. Wolverine saves them in one
/// transaction: every part is recorded or none, and a payment or void of one of the invoices saved in between makes it a 409.
/// </summary>
public static class PayVendorInvoicesEndpoint
{
    public static IResult Validate(PayVendorInvoices? command, Guid consortiumId, Consortium? consortium)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (consortium is null) return Problems.NotFound("consortium", consortiumId);
        return WolverineContinue.Result();
    }

    public static async Task<VendorPaymentWrite> LoadAsync(PayVendorInvoices? command, Guid consortiumId, Consortium? consortium,
        IDocumentSession session, CancellationToken ct)
    {
        if (command?.Allocations is not { Count: > 0 } allocations || consortium is null || string.IsNullOrWhiteSpace(command.Vendor))
            return VendorPaymentWrite.Empty;
        var vendor = command.Vendor.Trim();
        var numbers = allocations.Select(a => a?.InvoiceNumber?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var subscriptionIds = (await SubscriptionsWithoutMembers.InAsync(session, consortiumId, ct, vendor))
            .Where(s => s.Terms.Any(t => t.Invoice is { } i && numbers.Contains(i.InvoiceNumber))).Select(s => s.Id).ToList();
        var procurementIds = (await session.Query<JointProcurement>().Where(p => p.ConsortiumId == consortiumId).ToListAsync(ct))
            .Where(p => p.Award?.Vendor == vendor && p.Invoice is { } i && numbers.Contains(i.InvoiceNumber)).Select(p => p.Id).ToList();

        var subscriptions = new Dictionary<Guid, IEventStream<Subscription>>();
        foreach (var id in subscriptionIds) subscriptions[id] = await session.Events.FetchForWriting<Subscription>(id, ct);
        var procurements = new Dictionary<Guid, IEventStream<JointProcurement>>();
        foreach (var id in procurementIds) procurements[id] = await session.Events.FetchForWriting<JointProcurement>(id, ct);
        // The invoices as the streams fetched for writing hold them, not as the query read them.
        var invoices = subscriptions.Values.Select(s => s.Aggregate).OfType<Subscription>()
            .SelectMany(s => s.Terms.Select(t => t.Booked(s.Id, s.ConsortiumId, s.Vendor)))
            .Concat(procurements.Values.Select(p => p.Aggregate?.Booked()))
            .OfType<BookedInvoice>()
            .Where(b => numbers.Contains(b.Number))
            .ToList();
        return new VendorPaymentWrite(subscriptions, procurements, invoices);
    }

    /// <summary>
    /// Pay several invoices of one vendor with one payment (one bank transfer), in their currency (a foreign one at the day's rate): each
    /// invoice's part is recorded on it as a payment of it alone would be, with its own exchange difference; all or nothing.
    /// </summary>
    [ProducesResponseType(typeof(VendorPaymentAllocated), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/vendor-payments")]
    public static IResult Post(PayVendorInvoices? command, VendorPaymentWrite write, IClock clock,
        [Document("consortiumId", Required = false)] Consortium? consortium) =>
        VendorPaymentDecisions.PayMany(command!, write.Invoices, consortium!.BaseCurrency, Guid.NewGuid(), clock.GetCurrentInstant())
            .AppendEach(write.Append, events => Results.Created($"/consortia/{consortium.Id}/vendor-payables", Allocated(events.Cast<VendorPayment>().ToList())));

    private static VendorPaymentAllocated Allocated(IReadOnlyList<VendorPayment> parts)
    {
        var first = parts[0];
        var currency = first.BaseAmount.Currency;
        return new VendorPaymentAllocated(first.PaymentId, first.Vendor, first.WholePayment!.Value, first.RateToBase,
            Money.Sum(parts.Select(p => p.BaseAmount), currency), Money.Sum(parts.Select(p => p.Relieved), currency),
            Money.Sum(parts.Select(p => p.ExchangeDifference), currency), first.BankReference, first.PaidOn, parts);
    }
}
