using Loyalty.Core.Referrals;

namespace Loyalty.Web.Referrals;

/// <summary>The shared referral link: <c>/invite/CODE</c> remembers the code and sends the visitor to the join page (<c>/join</c>).</summary>
public static class ReferralEndpoints
{
    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/invite/{code}", (HttpContext http, string code) =>
        {
            code = ReferralRules.Normalize(code);
            if (code.Length == ReferralCode.Length) ReferralCookies.RememberCode(http, code);
            ReferralCookies.DeviceHash(http);
            return TypedResults.Redirect("/join");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The link a member shares.</summary>
    public static string LinkFor(string baseUri, string code) => $"{baseUri.TrimEnd('/')}/invite/{code}";
}
