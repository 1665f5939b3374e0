using Marten;
using NodaTime;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Sharing;
using Wolverine.Http;

namespace SharingLedger.Subscriptions;

/// <summary>
/// Record the vendor's invoice for a term (default: the current one). A foreign-currency invoice needs the
/// rate to the base currency; it is converted once and the base amount is apportioned as invoiced.
/// </summary>
public sealed record InvoiceSubscription(int? Term, string InvoiceNumber, LocalDate? InvoiceDate, MoneyInput? Amount, decimal? RateToBase);

public static class InvoiceSubscriptionEndpoint
{
    /// <summary>Record the vendor's invoice for a term (a foreign currency with its rate) and split it among the participants.</summary>
    [ProducesResponseType(typeof(SubscriptionCostApportioned), 201)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/subscriptions/{subscriptionId}/invoices")]
    public static async Task<IResult> Post(Guid consortiumId, Guid subscriptionId, InvoiceSubscription? command, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        var loaded = await SubscriptionAccess.LoadAsync(session, consortiumId, subscriptionId, ct);
        if (loaded is null) return Problems.NotFound("subscription", subscriptionId);
        var (consortium, stream, subscription) = loaded;
        var term = command.Term is { } n ? subscription.TermNumber(n) : subscription.Current;
        if (term is null) return Problems.RuleViolated("term", $"The subscription has no term {command.Term}.");
        if (term.Invoice is not null) return Problems.Conflict($"Term {term.Number} was already invoiced ({term.Invoice.InvoiceNumber}).");

        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).Date(command.InvoiceDate, "invoiceDate");
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (amount is { } a && a.Currency != term.Price.Currency)
            v.Add("amount.currency", $"The term is contracted in {term.Price.Currency}; invoice in that currency.");
        var foreign = amount is { } m && m.Currency != consortium.BaseCurrency;
        if (foreign) v.Require(command.RateToBase is > 0, "rateToBase", $"A {amount!.Value.Currency} invoice needs its rate to {consortium.BaseCurrency}.");
        else v.Require(command.RateToBase is null, "rateToBase", "Only a foreign-currency invoice has a rate.");
        if (!v.IsValid) return v.Problem();

        var now = clock.GetCurrentInstant();
        var invoiced = new SubscriptionInvoiced(subscriptionId, term.Number, command.InvoiceNumber.Trim(), command.InvoiceDate!.Value,
            amount!.Value, foreign ? command.RateToBase : null, foreign ? CurrencyConversion.ToBase(amount.Value, command.RateToBase!.Value, consortium.BaseCurrency).Amount : amount.Value, now);
        SubscriptionCostApportioned apportioned;
        try
        {
            var members = await SubscriptionAccess.MembersAsync(session, consortiumId, ct);
            apportioned = SubscriptionApportioning.Apportion(subscription, term, members, "invoiced", now, invoice: invoiced);
        }
        catch (CostSharingException e)
        {
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError(x.Field, x.Message)));
        }

        stream.AppendMany(invoiced, apportioned);
        return Results.Created($"/consortia/{consortiumId}/subscriptions/{subscriptionId}", apportioned);
    }
}
