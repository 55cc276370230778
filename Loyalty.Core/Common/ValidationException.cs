namespace Loyalty.Core.Common;

/// <summary>Input failed validation; <see cref="Errors"/> maps a field name to what is wrong with it.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors)
    : DomainException("validation", "One or more fields are invalid.", 400)
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
