using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Account;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post (with the antiforgery token) so that a link on another site cannot sign a user out.
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("~/");
        });
        return app;
    }
}
