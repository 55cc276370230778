using Loyalty.Core.Referrals;

namespace Loyalty.Web.Referrals;

/// <summary>The shared referral link: <c>/join?ref=CODE</c> remembers the code and sends the visitor to sign up with their phone.</summary>
public static class ReferralEndpoints
{
    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/join", (HttpContext http, string? @ref) =>
        {
            var code = ReferralRules.Normalize(@ref);
            if (code.Length == ReferralCode.Length) ReferralCookies.RememberCode(http, code);
            ReferralCookies.DeviceHash(http);
            return TypedResults.Redirect("/account/phone?invited=1");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The link a member shares.</summary>
    public static string LinkFor(string baseUri, string code) => $"{baseUri.TrimEnd('/')}/join?ref={code}";
}
