using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// Whether a member is one of a partner's customers (a profile there, a purchase there or a subscription). Every use case
/// that takes a customer id from a page checks this first: an id copied from another partner's URL answers 404, the same
/// as an id that does not exist, so nothing is learned from it.
/// </summary>
internal static class PartnerCustomerAccess
{
    public static async Task<bool> IsCustomerAsync(ILoyaltyDb db, Guid partnerId, Guid customerId, CancellationToken ct) =>
        await db.CustomerProfiles.AnyAsync(p => p.PartnerId == partnerId && p.CustomerId == customerId, ct)
        || await db.Purchases.AnyAsync(p => p.CustomerId == customerId && p.PartnerId == partnerId, ct)
        || await db.PartnerSubscriptions.AnyAsync(s => s.PartnerId == partnerId && s.CustomerId == customerId, ct);

    public static async Task EnsureCustomerAsync(ILoyaltyDb db, Guid partnerId, Guid customerId, CancellationToken ct)
    {
        if (!await IsCustomerAsync(db, partnerId, customerId, ct))
            throw DomainException.NotFound("customer-not-found", "This customer is not one of yours.");
    }
}
