using Microsoft.AspNetCore.Identity;

namespace Loyalty.Data.Identity;

/// <summary>
/// A person who signs in. Staff sign in with e-mail and password; a customer's user name is their E.164 phone
/// and they sign in with an SMS code. Partner staff are bound to exactly one partner.
/// </summary>
public class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for partner staff only: the one partner whose data they may see.</summary>
    public Guid? PartnerId { get; set; }

    /// <summary>Partner staff: the store a cashier serves at (the cashier view rings receipts up there); null means the partner's first store.</summary>
    public Guid? StoreId { get; set; }

    /// <summary>Set for customers only.</summary>
    public Guid? CustomerId { get; set; }
}
