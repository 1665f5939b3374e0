using NodaTime;
using SharingLedger.Consortia;
using SharingLedger.Infrastructure;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Sharing;

namespace SharingLedger.Subscriptions;

/// <summary>
/// The decisions of a shared subscription's terms, free of HTTP and storage: given the subscription, the facts read for it
/// (members, agreement) and a command, the events it records or why it records nothing. The arithmetic is the Kernel's,
/// through <see cref="CostPricing"/>. Refusals keep the order the endpoints always had.
/// </summary>
public static class SubscriptionDecisions
{
    public static Decision Contract(ContractSubscription command, Consortium consortium, SubscriptionFacts facts, Guid subscriptionId, Instant now)
    {
        var v = new Validation().NotBlank(command.Vendor, "vendor").NotBlank(command.Resource, "resource");
        var price = v.Money(command.Price, "price", positive: true);
        var members = facts.Members;
        var term = TermRules.Check(v, command.TermStart, command.TermEnd, facts.Agreement, command.SharingTerm);
        var participants = TermRules.Participants(v, command.Participants, members, command.TermStart, command.TermEnd);
        var standalone = TermRules.MemberAmounts(v, command.StandalonePrices, "standalonePrices", members, consortium.BaseCurrency);
        var previous = TermRules.MemberAmounts(v, command.PreviousShares, "previousShares", members, consortium.BaseCurrency);
        var before = TermRules.MemberAmounts(v, command.SharesBeforePhaseIn, "sharesBeforePhaseIn", members, consortium.BaseCurrency);
        if (command.PhaseInYear is { } year)
        {
            v.Require(term?.Term.PhaseInYears is not null, "phaseInYear", "The sharing term has no phase-in.");
            v.Require(year >= 1 && year <= (term?.Term.PhaseInYears ?? 0), "phaseInYear", $"Must be from 1 to {term?.Term.PhaseInYears}.");
            if (year == 1)
            {
                v.Require(previous is { Count: > 0 }, "previousShares", "A phase-in starts from the previous term's shares.");
                v.Require(command.SharesBeforePhaseIn is null, "sharesBeforePhaseIn", "In year 1 of a phase-in the shares before it are the previous term's shares; give previousShares only.");
                before = previous;
            }
            else
                v.Require(before is { Count: > 0 }, "sharesBeforePhaseIn", $"Year {year} of a phase-in moves from the shares of the term before the phase-in began; give them (previousShares are last term's, for caps).");
        }
        else v.Require(command.SharesBeforePhaseIn is null, "sharesBeforePhaseIn", "Only a term in a phase-in has shares before the phase-in.");
        if (term is not null) TermRules.CheckFixedPercentages(v, term.Term, participants);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        return Decision.Accept(new SubscriptionContracted(subscriptionId, consortium.Id, command.Vendor.Trim(), command.Resource.Trim(),
            command.TermStart!.Value, command.TermEnd!.Value, price!.Value, participants, command.SharingTerm, term!.Term,
            term.Agreement.AgreementId, term.Agreement.Version, standalone, previous, command.PhaseInYear, now,
            command.PhaseInYear is null ? null : before));
    }

    public static Decision Invoice(Subscription subscription, InvoiceSubscription command, string baseCurrency, SubscriptionFacts facts, Instant now)
    {
        var term = command.Term is { } n ? subscription.TermNumber(n) : subscription.Current;
        if (term is null) return Invalid("term", $"The subscription has no term {command.Term}.");
        if (term.Invoice is not null) return new Decision.Conflict($"Term {term.Number} was already invoiced ({term.Invoice.InvoiceNumber}).");

        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).Date(command.InvoiceDate, "invoiceDate");
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (amount is { } a && a.Currency != term.Price.Currency)
            v.Add("amount.currency", $"The term is contracted in {term.Price.Currency}; invoice in that currency.");
        var foreign = amount is { } m && m.Currency != baseCurrency;
        if (foreign) v.Require(command.RateToBase is > 0, "rateToBase", $"A {amount!.Value.Currency} invoice needs its rate to {baseCurrency}.");
        else v.Require(command.RateToBase is null, "rateToBase", "Only a foreign-currency invoice has a rate.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        var invoiced = new SubscriptionInvoiced(subscription.Id, term.Number, command.InvoiceNumber.Trim(), command.InvoiceDate!.Value,
            amount!.Value, foreign ? command.RateToBase : null,
            foreign ? CurrencyConversion.ToBase(amount.Value, command.RateToBase!.Value, baseCurrency).Amount : amount.Value, now);
        var reason = term.Voids.LastOrDefault() is { } voided ? $"invoiced again ({invoiced.InvoiceNumber}) after {voided.InvoiceNumber} was voided" : "invoiced";
        try
        {
            return Decision.Accept(invoiced, SubscriptionApportioning.Apportion(subscription, term, facts.Members, reason, now, invoice: invoiced));
        }
        catch (CostSharingException e)
        {
            // The invoice is a fact: it is recorded, and the split the agreement cannot make waits for a decision.
            return Decision.Accept(invoiced, new SubscriptionSplitPending(subscription.Id, subscription.ConsortiumId, term.Number, invoiced.InvoiceNumber,
                invoiced.BaseAmount, e.Violations.Select(x => new SplitConflict(x.Field, x.Message)).ToList(), now));
        }
    }

    public static Decision Renew(Subscription subscription, RenewSubscription command, string baseCurrency, SubscriptionFacts facts, Instant now)
    {
        if (subscription.CancelledFrom is not null) return new Decision.Conflict("The subscription was cancelled; it cannot be renewed.");

        var current = subscription.Current;
        var start = command.TermStart ?? current.End.PlusDays(1);
        var v = new Validation();
        v.Require(start > current.End, "termStart", $"The new term must start after the current one ends ({current.End:uuuu-MM-dd}).");
        var price = v.Money(command.Price, "price", positive: true);
        var name = command.SharingTerm ?? current.SharingTermName;
        var term = TermRules.Check(v, start, command.TermEnd, facts.Agreement, name);
        var participants = TermRules.Participants(v,
            command.Participants ?? current.Participants.Where(p => current.TakesPartOn(p.MemberId, current.End))
                .Select(p => new ParticipantInput(p.MemberId, null)).ToList(),
            facts.Members, start, command.TermEnd);
        var standalone = TermRules.MemberAmounts(v, command.StandalonePrices, "standalonePrices", facts.Members, baseCurrency);
        if (term is not null) TermRules.CheckFixedPercentages(v, term.Term, participants);
        if (!v.IsValid) return new Decision.Invalid(v.Errors);

        // Last term's shares (the increase caps' base) and the shares before the phase-in began (its starting point)
        // are recorded separately: from a phase-in's second year on they differ.
        var history = subscription.HistoryAfter(current);
        return Decision.Accept(new SubscriptionRenewed(subscription.Id, current.Number + 1, start, command.TermEnd!.Value, price!.Value, participants,
            name, term!.Term, term.Agreement.AgreementId, term.Agreement.Version,
            standalone ?? current.StandalonePrices, now,
            history.LastTermShares, history.SharesBeforePhaseIn, history.PhaseInYear));
    }

    public static Decision Cancel(Subscription subscription, CancelSubscription command, Instant now)
    {
        if (subscription.CancelledFrom is { } was) return new Decision.Conflict($"The subscription was already cancelled from {was:uuuu-MM-dd}.");
        var v = new Validation().Date(command.EffectiveFrom, "effectiveFrom").NotBlank(command.Reason, "reason", 500);
        if (command.EffectiveFrom is { } from)
            v.Require(from > subscription.Terms[0].Start, "effectiveFrom", "A cancellation takes effect after the first term starts.");
        if (!v.IsValid) return new Decision.Invalid(v.Errors);
        return Decision.Accept(new SubscriptionCancelled(subscription.Id, command.EffectiveFrom!.Value, command.Reason.Trim(), now));
    }

    /// <summary>The events the Kernel's pricing gives, or its rule violations as a 422 (a term it cannot split).</summary>
    internal static Decision Priced(Func<object[]> events)
    {
        try
        {
            return new Decision.Accepted(events());
        }
        catch (CostSharingException e)
        {
            return new Decision.Invalid(e.Violations.Select(x => new FieldError(x.Field, x.Message)).ToList());
        }
    }

    internal static Decision Invalid(string field, string message) => new Decision.Invalid([new FieldError(field, message)]);
}
