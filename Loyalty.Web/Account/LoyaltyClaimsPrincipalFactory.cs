using System.Security.Claims;
using Loyalty.Core.Identity;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Account;

/// <summary>Adds the partner or customer the user is bound to, so every use case can scope its queries without a lookup.</summary>
internal sealed class LoyaltyClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.DisplayName)) identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        if (user.PartnerId is { } partnerId) identity.AddClaim(new Claim(LoyaltyClaims.PartnerId, partnerId.ToString()));
        if (user.StoreId is { } storeId) identity.AddClaim(new Claim(LoyaltyClaims.StoreId, storeId.ToString()));
        if (user.CustomerId is { } customerId) identity.AddClaim(new Claim(LoyaltyClaims.CustomerId, customerId.ToString()));
        return identity;
    }
}
