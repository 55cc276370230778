namespace Loyalty.Core.Customers;

/// <summary>
/// A plastic card number: 16 digits, the last one a Luhn check digit so a mistyped number is caught
/// before any lookup (the same scheme payment cards use, so cashiers' scanners and people know it).
/// </summary>
public static class CardNumber
{
    public const int Length = 16;

    public static bool IsValid(string? number)
    {
        if (number is null) return false;
        var digits = Normalize(number);
        return digits.Length == Length && digits.All(char.IsAsciiDigit) && ComputeCheckDigit(digits[..^1]) == digits[^1];
    }

    /// <summary>Removes spaces and dashes a person or a print layout adds.</summary>
    public static string Normalize(string number) => new(number.Where(c => c is not (' ' or '-')).ToArray());

    /// <summary>Appends the Luhn check digit to a 15-digit body.</summary>
    public static string Complete(string body)
    {
        if (body.Length != Length - 1 || !body.All(char.IsAsciiDigit))
            throw new ArgumentException("A card number body has 15 digits.", nameof(body));
        return body + ComputeCheckDigit(body);
    }

    private static char ComputeCheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
