using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Account;

/// <summary>
/// Signs a customer in after their SMS code checked out: finds (or creates) the Identity user bound to the member,
/// registering the member first when the phone is new.
/// </summary>
internal sealed class CustomerSignIn(
    ILoyaltyDbFactory dbs,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    RegisterCustomer register,
    Referrals.ReferralSignIn referrals,
    TimeProvider clock)
{
    public async Task<SignInResult> SignInAsync(string phoneE164, string? firstNameForNewMember, CancellationToken ct = default)
    {
        Guid customerId;
        var registered = false;
        await using (var db = dbs.Create())
        {
            var existing = await db.Customers.AsNoTracking().Where(c => c.Phone == phoneE164)
                .Select(c => new { c.Id, c.Status, c.FirstName }).FirstOrDefaultAsync(ct);
            if (existing is not null && existing.Status != CustomerStatus.Active) return SignInResult.NotAllowed;
            if (existing is null)
            {
                var created = await register.HandleAsync(
                    new RegisterCustomerCommand(phoneE164, firstNameForNewMember ?? "", null, null, false, false, "portal"), "ZZ", ct);
                customerId = created.Id;
                registered = true;
            }
            else
            {
                customerId = existing.Id;
            }
        }

        var user = await users.Users.FirstOrDefaultAsync(u => u.CustomerId == customerId, ct);
        if (user is null)
        {
            user = new AppUser { Id = Guid.CreateVersion7(), UserName = phoneE164, PhoneNumber = phoneE164, PhoneNumberConfirmed = true, CustomerId = customerId };
            await using (var db = dbs.Create())
                user.DisplayName = await db.Customers.Where(c => c.Id == customerId).Select(c => c.FirstName).FirstAsync(ct);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Customer);
        }
        if (await users.IsLockedOutAsync(user)) return SignInResult.LockedOut;

        await signIn.SignInAsync(user, isPersistent: true);
        await referrals.OnSignedInAsync(customerId, registered, ct);
        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "auth.sign-in", phoneE164, "Signed in with an SMS code", customerId: customerId));
            await db.SaveChangesAsync(ct);
        }
        return SignInResult.Success;
    }

    /// <summary>A wrong code counts towards the user's lockout just like a wrong password.</summary>
    public async Task RecordFailedCodeAsync(string phoneE164)
    {
        var user = await users.FindByNameAsync(phoneE164);
        if (user is not null) await users.AccessFailedAsync(user);
    }
}
