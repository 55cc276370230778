using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Web.Referrals;

/// <summary>
/// The two cookies of a referral: the code a visitor arrived with (kept until they register, a week at most) and a random
/// device id that lets the self-referral guard recognise the referrer's own browser. Only the id's SHA-256 is stored.
/// </summary>
public static class ReferralCookies
{
    public const string Code = "oc_ref";
    /// <summary>The same per-browser id the promo-code limits use (Me/PromoCodePage).</summary>
    public const string Device = "loyalty.device";

    public static string? CodeOf(HttpContext? http) => http?.Request.Cookies[Code] is { Length: > 0 and <= 32 } code ? code : null;

    public static void RememberCode(HttpContext http, string code) =>
        http.Response.Cookies.Append(Code, code, new CookieOptions { HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(7) });

    public static void ForgetCode(HttpContext http) => http.Response.Cookies.Delete(Code);

    /// <summary>The hash of this browser's device id, issuing one on first use (response not yet started only).</summary>
    public static string? DeviceHash(HttpContext? http)
    {
        if (http is null) return null;
        var id = http.Request.Cookies[Device];
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            if (http.Response.HasStarted) return null;
            id = Guid.NewGuid().ToString("N");
            http.Response.Cookies.Append(Device, id, new CookieOptions { HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(730) });
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id))).ToLowerInvariant();
    }
}
