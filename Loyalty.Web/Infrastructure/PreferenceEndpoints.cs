using Microsoft.AspNetCore.Localization;

namespace Loyalty.Web.Infrastructure;

/// <summary>Language and theme are kept in cookies so that the first server render already uses them.</summary>
internal static class PreferenceEndpoints
{
    public const string ThemeCookie = "loyalty.theme";

    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences/culture", (string culture, string? returnUrl, HttpContext context) =>
        {
            if (Pipeline.SupportedCultures.Any(c => c.Name == culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            return TypedResults.LocalRedirect(SafeReturn(returnUrl));
        });

        app.MapGet("/preferences/theme", (string mode, string? returnUrl, HttpContext context) =>
        {
            context.Response.Cookies.Append(ThemeCookie, mode == "dark" ? "dark" : "light",
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
            return TypedResults.LocalRedirect(SafeReturn(returnUrl));
        });
        return app;
    }

    private static string SafeReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? "~" + returnUrl
            : "~/";
}
