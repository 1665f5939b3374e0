using NodaTime;
using SharingLedger.Kernel.Money;

namespace SharingLedger.Infrastructure.Http;

/// <summary>Collects what is wrong with a request so that all of it is reported in one 422.</summary>
public sealed class Validation
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition) _errors.Add(new FieldError(field, message));
        return this;
    }

    public Validation Add(string field, string message)
    {
        _errors.Add(new FieldError(field, message));
        return this;
    }

    public Validation NotBlank(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "Required.");
        return Require(value.Length <= maxLength, field, $"At most {maxLength} characters.");
    }

    public Validation NonNegative(decimal? value, string field) =>
        Require(value is null or >= 0, field, "Cannot be negative.");

    /// <summary>Parses an amount; adds an error naming the field when it is not exact in its currency.</summary>
    public Money? Money(MoneyInput? input, string field, bool positive = false, string? currency = null)
    {
        if (input is null) { Add(field, "Required."); return null; }
        if (!Kernel.Money.Money.TryParseInput(input.Amount, input.Currency, out var money, out var error))
        {
            Add(field, error);
            return null;
        }
        if (currency is not null && money.Currency != currency)
        {
            Add($"{field}.currency", $"Must be the consortium's base currency {currency}.");
            return null;
        }
        if (positive && !money.IsPositive) { Add($"{field}.amount", "Must be greater than zero."); return null; }
        if (!positive && money.IsNegative) { Add($"{field}.amount", "Cannot be negative."); return null; }
        return money;
    }

    public Validation Date(LocalDate? value, string field) => Require(value is not null, field, "Required (ISO date, e.g. 2026-01-01).");

    public IResult Problem() => Problems.RuleViolated(_errors);
}

/// <summary>An amount as a client sends it: a decimal string and an ISO 4217 code.</summary>
public sealed record MoneyInput(string Amount, string Currency);
