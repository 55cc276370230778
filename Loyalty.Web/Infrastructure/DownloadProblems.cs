using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// The cookie's "send to sign-in / access denied" step for download paths that tools fetch as well as people (0170):
/// there the answer is a 401 or 403 ProblemDetails; everywhere else the usual redirect.
/// </summary>
internal static class DownloadProblems
{
    private static readonly PathString[] Paths = [Cards.CardPrintFileEndpoints.BasePath];

    public static async Task RefuseOrRedirectAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!Paths.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }
        context.Response.StatusCode = status;
        var (code, title) = status == 401
            ? ("sign-in-required", "Sign in as operator staff to download print files.")
            : ("forbidden", "Only operator staff may download card print files.");
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = status, Title = title, Type = ApiExceptionHandler.TypeBase + code },
        });
    }
}
