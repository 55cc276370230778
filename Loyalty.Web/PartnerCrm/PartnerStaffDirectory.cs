using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Data.Identity;
using Loyalty.Web.Partners;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.PartnerCrm;

public sealed record StaffMember(Guid Id, string Email, string DisplayName, string Role, Guid? StoreId, bool PasswordSet, bool Disabled);

/// <summary>
/// A partner admin's staff list: invite by e-mail (the same set-password link as the first admin's invitation, sent
/// through the outbox), change a role or a cashier's store, disable and re-enable. Lives in the web project because staff
/// accounts are ASP.NET Core Identity users; every call is scoped to the admin's own partner, and a user of another
/// partner answers "not found".
/// </summary>
public sealed class PartnerStaffDirectory(UserManager<AppUser> users, ILoyaltyDbFactory dbs, TimeProvider clock, MessagingOptions messaging)
{
    public static readonly string[] AssignableRoles = [Roles.PartnerAdmin, Roles.PartnerMarketer, Roles.PartnerCashier];

    public async Task<IReadOnlyList<StaffMember>> ListAsync(PartnerStaff admin, CancellationToken ct = default)
    {
        admin.Require(CabinetArea.Administration);
        var staff = await users.Users.AsNoTracking().Where(u => u.PartnerId == admin.PartnerId).OrderBy(u => u.Email).Take(500).ToListAsync(ct);
        var result = new List<StaffMember>();
        foreach (var user in staff)
        {
            var roles = await users.GetRolesAsync(user);
            result.Add(new StaffMember(user.Id, user.Email ?? "", user.DisplayName, AssignableRoles.FirstOrDefault(roles.Contains) ?? "",
                user.StoreId, user.PasswordHash is not null, user.LockoutEnd > clock.GetUtcNow()));
        }
        return result;
    }

    public async Task InviteAsync(PartnerStaff admin, string? email, string? name, string role, Guid? storeId, CancellationToken ct = default)
    {
        admin.Require(CabinetArea.Administration);
        email = email?.Trim() ?? "";
        name = name?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email) errors["email"] = ["Enter a valid e-mail address."];
        if (name.Length is < 2 or > 100) errors["name"] = ["Enter the person's name (2 to 100 characters)."];
        if (!AssignableRoles.Contains(role)) errors["role"] = ["Choose a role."];
        if (errors.Count > 0) throw new ValidationException(errors);
        await EnsureStoreAsync(admin, storeId, ct);
        if (await users.FindByEmailAsync(email) is not null)
            throw DomainException.Conflict("email-taken", $"{email} already signs in to OneCard; use another address.");

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
            PartnerId = admin.PartnerId, StoreId = storeId,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) throw ValidationException.For("email", string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        await SendInvitationAsync(admin, user, role, ct);
    }

    /// <summary>A new set-password link for someone who lost the first one.</summary>
    public async Task ResendAsync(PartnerStaff admin, Guid userId, CancellationToken ct = default)
    {
        admin.Require(CabinetArea.Administration);
        var user = await FindAsync(admin, userId);
        var role = AssignableRoles.FirstOrDefault((await users.GetRolesAsync(user)).Contains) ?? Roles.PartnerCashier;
        await SendInvitationAsync(admin, user, role, ct);
    }

    public async Task ChangeAsync(PartnerStaff admin, Guid userId, string role, Guid? storeId, CancellationToken ct = default)
    {
        admin.Require(CabinetArea.Administration);
        if (!AssignableRoles.Contains(role)) throw ValidationException.For("role", "Choose a role.");
        var user = await FindAsync(admin, userId);
        await EnsureStoreAsync(admin, storeId, ct);
        var current = (await users.GetRolesAsync(user)).Where(AssignableRoles.Contains).ToList();
        if (current.Contains(Roles.PartnerAdmin) && role != Roles.PartnerAdmin)
            await EnsureAnotherAdminAsync(admin, userId);
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        user.StoreId = storeId;
        await users.UpdateAsync(user);
        // A new stamp signs the person out at the next check, so the new role applies to open sessions too.
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(admin, "partner.staff-changed", $"{user.Email} is now {role}", ct);
    }

    /// <summary>Disables sign-in (a lockout without end) rather than deleting: the person's past actions keep their name.</summary>
    public async Task SetEnabledAsync(PartnerStaff admin, Guid userId, bool enabled, CancellationToken ct = default)
    {
        admin.Require(CabinetArea.Administration);
        var user = await FindAsync(admin, userId);
        if (!enabled)
        {
            if (user.Id == admin.UserId) throw new DomainException("self-disable", "You cannot disable your own account.");
            if ((await users.GetRolesAsync(user)).Contains(Roles.PartnerAdmin)) await EnsureAnotherAdminAsync(admin, userId);
        }
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, enabled ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(admin, enabled ? "partner.staff-enabled" : "partner.staff-disabled", user.Email ?? "", ct);
    }

    private async Task<AppUser> FindAsync(PartnerStaff admin, Guid userId) =>
        await users.Users.FirstOrDefaultAsync(u => u.Id == userId && u.PartnerId == admin.PartnerId)
        ?? throw DomainException.NotFound("staff-not-found", "This staff member does not exist.");

    private async Task EnsureAnotherAdminAsync(PartnerStaff admin, Guid leaving)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.PartnerAdmin);
        var now = clock.GetUtcNow();
        if (!admins.Any(u => u.PartnerId == admin.PartnerId && u.Id != leaving && !(u.LockoutEnd > now)))
            throw new DomainException("last-admin", "Your company needs at least one active admin: make someone else admin first.");
    }

    private async Task EnsureStoreAsync(PartnerStaff admin, Guid? storeId, CancellationToken ct)
    {
        if (storeId is not { } id) return;
        await using var db = dbs.Create();
        if (!await db.Stores.AnyAsync(s => s.Id == id && s.PartnerId == admin.PartnerId, ct))
            throw ValidationException.For("store", "Choose one of your stores.");
    }

    private async Task SendInvitationAsync(PartnerStaff admin, AppUser user, string role, CancellationToken ct)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var email = user.Email!;
        var link = $"{messaging.PublicBaseUrl.TrimEnd('/')}{PartnerAdminInvitation.SetPasswordPath}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var partner = await db.Partners.Where(p => p.Id == admin.PartnerId).Select(p => p.Name).FirstAsync(ct);
        var what = role switch
        {
            Roles.PartnerAdmin => "an admin",
            Roles.PartnerMarketer => "a marketer",
            _ => "a cashier",
        };
        db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, email, $"You are invited to the {partner} cabinet on OneCard",
            $"Hello {user.DisplayName},\n\n{admin.Name} invited you to the {partner} partner cabinet on OneCard as {what}. " +
            $"Choose your password here (the link works for 24 hours):\n\n{link}\n\nThen sign in with this e-mail address.\n\nThe OneCard team",
            isTransactional: true, now, ownerPartnerId: null));
        db.AuditEvents.Add(new AuditEvent(now, "partner.staff-invited", admin.Name, $"{email} invited as {role}", admin.PartnerId));
        await db.SaveChangesAsync(ct);
    }

    private async Task AuditAsync(PartnerStaff admin, string kind, string summary, CancellationToken ct)
    {
        await using var db = dbs.Create();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, kind, admin.Name, summary, admin.PartnerId));
        await db.SaveChangesAsync(ct);
    }
}
