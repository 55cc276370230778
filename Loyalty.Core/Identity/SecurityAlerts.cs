namespace Loyalty.Core.Identity;

/// <summary>
/// Audit kinds that mean "someone may be attacking": the operator finds them in the console's data log (filter by kind
/// "security") next to staff lock-outs (<c>auth.locked-out</c>) and promo-code lock-outs (<c>promo.lockout</c>).
/// </summary>
public static class SecurityAlerts
{
    public const string SmsCodeLimit = "security.sms-limit";
    public const string SignInCodeLocked = "security.code-locked";
}
