using System.Security.Claims;
using Loyalty.Core.Identity;

namespace Loyalty.Web.Account;

/// <summary>Reads the scope a signed-in principal is bound to. Pages pass these ids to use cases; they never come from the URL.</summary>
public static class CurrentUser
{
    public static Guid? PartnerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(LoyaltyClaims.PartnerId), out var id) ? id : null;

    public static Guid? CustomerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(LoyaltyClaims.CustomerId), out var id) ? id : null;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.GivenName) ?? user.Identity?.Name ?? "";

    /// <summary>Pages only members use: the customer area and the QR links printed on packaging.</summary>
    public static bool IsMemberPath(string? url) =>
        url is not null && (url.StartsWith("/me", StringComparison.OrdinalIgnoreCase) || url.StartsWith("/c/", StringComparison.OrdinalIgnoreCase));

    /// <summary>Where each kind of user lands after signing in.</summary>
    public static string HomePath(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff) ? "/operator"
        : user.IsInRole(Roles.PartnerCashier) && !user.IsInRole(Roles.PartnerAdmin) && !user.IsInRole(Roles.PartnerMarketer) ? "/partner/cashier"
        : Roles.PartnerRoles.Any(user.IsInRole) ? "/partner"
        : user.IsInRole(Roles.Customer) ? "/me"
        : "/";
}
