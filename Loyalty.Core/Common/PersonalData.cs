using System.Text.RegularExpressions;

namespace Loyalty.Core.Common;

/// <summary>
/// Masks personal data and secrets in text bound for logs: phone numbers keep their country code and last two digits,
/// e-mail addresses their first letter and domain, and anything written as <c>password=…</c>, <c>token: …</c>,
/// <c>api key …</c> or a bearer token loses its value. The app's console log formatter runs every line through
/// <see cref="Redact"/> (docs/decisions/0114); code that logs a recipient on purpose masks it first.
/// </summary>
public static partial class PersonalData
{
    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return "";
        var digits = phone.TrimStart('+');
        if (digits.Length < 6) return new string('*', phone.Length);
        return (phone.StartsWith('+') ? "+" : "") + digits[..Math.Min(2, digits.Length - 4)] + new string('*', digits.Length - 4) + digits[^2..];
    }

    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email)) return "";
        var at = email.IndexOf('@');
        return at <= 0 ? "***" : email[0] + "***" + email[at..];
    }

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        text = Bearer().Replace(text, "Bearer ***");
        text = Secret().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + "***");
        text = Email().Replace(text, m => MaskEmail(m.Value));
        return Phone().Replace(text, m => MaskPhone(m.Value));
    }

    [GeneratedRegex(@"\+\d{7,15}\b")]
    private static partial Regex Phone();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?i)(?<name>password|passwd|secret|api[-_ ]?key|auth[-_ ]?token|token|hmac[-_ ]?key|authorization)(?<sep>\s*[=:]\s*)(?!\*\*\*|Bearer \*\*\*)[^\s,;&""']+")]
    private static partial Regex Secret();

    [GeneratedRegex(@"(?i)bearer\s+[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex Bearer();
}
