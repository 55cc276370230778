using PhoneNumbers;

namespace Loyalty.Core.Customers;

/// <summary>A phone number in E.164 form, validated by libphonenumber. The only way to get one is <see cref="TryParse"/>.</summary>
public sealed record PhoneNumber
{
    /// <summary>E.164 allows 15 digits after the plus.</summary>
    public const int MaxLength = 16;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164) => Value = e164;

    public string Value { get; }

    /// <param name="input">What a person typed: spaces, dashes, brackets and a national prefix are fine.</param>
    /// <param name="defaultRegion">Region assumed when the number has no country code (ISO 3166-1 alpha-2).</param>
    public static bool TryParse(string? input, string defaultRegion, out PhoneNumber? phone)
    {
        phone = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32) return false;
        try
        {
            var parsed = Util.Parse(input, defaultRegion);
            if (!Util.IsValidNumber(parsed)) return false;
            phone = new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>"+7 701 ••• •• 01": enough for a person to recognise their number, not enough to call it.</summary>
    public string Masked => Value.Length <= 6 ? Value : Value[..5] + new string('•', Value.Length - 7) + Value[^2..];

    public override string ToString() => Value;
}
