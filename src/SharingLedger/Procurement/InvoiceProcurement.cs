using Marten;
using NodaTime;
using SharingLedger.Sharing;
using SharingLedger.Infrastructure.Http;
using SharingLedger.Kernel.CostSharing;
using SharingLedger.Membership;
using Wolverine.Http;

namespace SharingLedger.Procurement;

/// <summary>
/// The vendor's invoice. <c>rateToBase</c> (base units per invoice unit) is required when the invoice is not
/// in the consortium's base currency, and refused when it is.
/// </summary>
public sealed record InvoiceProcurement(string InvoiceNumber, LocalDate? InvoiceDate, MoneyInput? Amount, decimal? RateToBase);

public static class InvoiceProcurementEndpoint
{
    /// <summary>Record a joint procurement's invoice (a foreign currency with its rate), split among the committed members.</summary>
    [ProducesResponseType(typeof(ProcurementView), 200)]
    [Allow(Roles.Finance)]
    [WolverinePost("/consortia/{consortiumId}/procurements/{procurementId}/invoice")]
    public static async Task<IResult> Post(Guid consortiumId, Guid procurementId, InvoiceProcurement? command, IDocumentSession session,
        IClock clock, ISubjectHoldings holdings, CancellationToken ct)
    {
        if (command is null) return Problems.BadRequest("The request body is empty.");
        if (await ProcurementStream.OpenAsync(session, consortiumId, procurementId, ct) is not { } opened)
            return Problems.NotFound("procurement", procurementId);
        var (consortium, stream) = opened;
        var p = stream.Aggregate!;
        if (p.Award is null) return Problems.Conflict("The contract has not been awarded yet; an invoice follows the award.");
        if (p.Invoice is not null)
            return Problems.Conflict($"Invoice {p.Invoice.InvoiceNumber} was already recorded; a procurement is invoiced once.");
        var calendar = consortium.Calendar();
        var today = calendar.Today(clock);

        var v = new Validation().NotBlank(command.InvoiceNumber, "invoiceNumber", 64).Date(command.InvoiceDate, "invoiceDate");
        if (command.InvoiceDate is { } date)
        {
            v.Require(date >= p.Award.AwardedOn, "invoiceDate", $"The contract was awarded on {p.Award.AwardedOn:uuuu-MM-dd}; the invoice cannot be dated before that.");
            v.Require(date <= today, "invoiceDate", $"The invoice cannot be dated in the future; today is {today:uuuu-MM-dd}.");
        }
        var amount = v.Money(command.Amount, "amount", positive: true);
        if (amount is { } a && a.Currency == consortium.BaseCurrency)
            v.Require(command.RateToBase is null, "rateToBase", $"The invoice is in the base currency {consortium.BaseCurrency}; leave the rate out.");
        else if (amount is not null && command.RateToBase is not > 0m)
            v.Add("rateToBase", command.RateToBase is null
                ? $"Required: the invoice is in {amount.Value.Currency}, not the base currency {consortium.BaseCurrency}; give {consortium.BaseCurrency} per {amount.Value.Currency}."
                : "Must be greater than zero.");
        if (!v.IsValid) return v.Problem();

        var converted = command.RateToBase is { } rate
            ? CurrencyConversion.ToBase(amount!.Value, rate, consortium.BaseCurrency)
            : new ConvertedAmount(amount!.Value.ToDecimalString(), amount.Value);
        if (!converted.Amount.IsPositive)
            return Problems.RuleViolated("rateToBase", $"{amount.Value} at {command.RateToBase} is {converted.Exact} {consortium.BaseCurrency}, nothing once rounded.");

        var invoiceDate = command.InvoiceDate!.Value;
        var members = (await session.LoadManyAsync<Member>(ct, p.CommittedMembers().Select(m => m.MemberId))).ToDictionary(m => m.Id);
        Sharing.PricedCost priced;
        try
        {
            priced = ProcurementPricing.Price(p, converted.Amount, invoiceDate, members);
        }
        catch (CostSharingException e)
        {
            return Problems.RuleViolated(e.Violations.Select(x => new FieldError($"sharingTerm.{x.Field}", x.Message)));
        }

        var now = clock.GetCurrentInstant();
        var invoiced = new ProcurementInvoiced(p.Id, consortiumId, command.InvoiceNumber.Trim(), invoiceDate, amount.Value,
            command.RateToBase, converted.Exact, converted.Amount, now);
        var apportioned = new ProcurementCostApportioned(p.Id, consortiumId, calendar.YearOf(invoiceDate), invoiceDate,
            p.Proposal.AgreementId, p.Proposal.AgreementVersion, p.Proposal.SharingTermName, p.Proposal.SharingTerm,
            converted.Amount, priced.Lines, priced.Shortfall, now);
        var version = (int)(stream.CurrentVersion ?? 0) + 2;
        stream.AppendMany(invoiced, apportioned);

        p.Apply(invoiced);
        p.Apply(apportioned);
        p.Version = version;
        return Results.Ok(ProcurementView.From(p, await holdings.HoldersOfAsync(session, consortiumId, p.Proposal.Subject, ct)));
    }
}
