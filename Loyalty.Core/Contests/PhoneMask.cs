namespace Loyalty.Core.Contests;

/// <summary>How a winner's phone appears in public: enough for a member to recognise their own number, not to call it.</summary>
public static class PhoneMask
{
    /// <summary>"+77010000001" → "+7 701 ••• •• 01"; other lengths keep the country prefix and the last two digits.</summary>
    public static string Mask(string? e164)
    {
        var digits = new string((e164 ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length < 6) return "•••";
        if (digits.Length == 11 && digits[0] == '7') return $"+7 {digits[1..4]} ••• •• {digits[^2..]}";
        return $"+{digits[..3]} ••• •• {digits[^2..]}";
    }
}
