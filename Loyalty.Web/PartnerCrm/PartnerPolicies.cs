using System.Security.Claims;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Web.Account;
using Microsoft.AspNetCore.Authorization;

namespace Loyalty.Web.PartnerCrm;

/// <summary>
/// The cabinet's authorization policies, one per <see cref="CabinetArea"/>. Pages carry them with
/// <c>[Authorize(Policy = …)]</c>; the use cases check the same area again on the <see cref="PartnerStaff"/> they are
/// given, so the rule holds even where a page forgets it (docs/decisions/0082-partner-roles.md).
/// </summary>
public static class PartnerPolicies
{
    public const string Marketing = "partner-marketing";
    public const string Administration = "partner-administration";
    public const string Till = "partner-till";

    public static AuthorizationOptions AddPartnerPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Marketing, p => p.RequireClaim(LoyaltyClaims.PartnerId).RequireRole(Roles.PartnerAdmin, Roles.PartnerMarketer));
        options.AddPolicy(Administration, p => p.RequireClaim(LoyaltyClaims.PartnerId).RequireRole(Roles.PartnerAdmin));
        options.AddPolicy(Till, p => p.RequireClaim(LoyaltyClaims.PartnerId).RequireRole(Roles.PartnerAdmin, Roles.PartnerCashier));
        return options;
    }

    /// <summary>The signed-in partner staff member for the use cases: partner and roles from the claims, never from the URL.</summary>
    public static PartnerStaff PartnerStaff(this ClaimsPrincipal user) =>
        new(user.PartnerId() ?? throw new InvalidOperationException("A partner page was reached without a partner claim."),
            user.Identity?.Name ?? "",
            Roles.PartnerRoles.Where(user.IsInRole).ToArray(),
            Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
            Guid.TryParse(user.FindFirstValue(LoyaltyClaims.StoreId), out var store) ? store : null);

    /// <summary>A cashier (without admin or marketer rights) has nothing but the cashier view.</summary>
    public static bool IsCashierOnly(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.PartnerCashier) && !user.IsInRole(Roles.PartnerAdmin) && !user.IsInRole(Roles.PartnerMarketer);
}
