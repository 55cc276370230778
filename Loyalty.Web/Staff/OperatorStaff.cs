using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Data;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Staff;

public sealed record StaffMember(Guid Id, string Email, string DisplayName, string Role, bool Active);

/// <summary>
/// The operator's own people (0095): invited by e-mail with a set-password link (nobody picks a password for someone
/// else), deactivated by an indefinite lock-out plus a new security stamp, which signs them out of open circuits.
/// Users live in ASP.NET Core Identity, so this is web glue rather than a Core use case.
/// </summary>
public sealed class OperatorStaff(UserManager<AppUser> users, ILoyaltyDbFactory dbs, TimeProvider clock, MessagingOptions messaging, IServiceScopeFactory scopes)
{
    public static string RoleName(string role) => role == Roles.OperatorAdmin ? "Administrator" : "Staff";

    public async Task<IReadOnlyList<StaffMember>> ListAsync()
    {
        var admins = await users.GetUsersInRoleAsync(Roles.OperatorAdmin);
        var staff = await users.GetUsersInRoleAsync(Roles.OperatorStaff);
        var now = clock.GetUtcNow();
        return admins.Select(u => (u, Roles.OperatorAdmin)).Concat(staff.Select(u => (u, Roles.OperatorStaff)))
            .Select(x => new StaffMember(x.u.Id, x.u.Email ?? x.u.UserName ?? "", x.u.DisplayName, x.Item2, x.u.LockoutEnd is null || x.u.LockoutEnd < now))
            .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task InviteAsync(string? email, string? displayName, string role, string actor, CancellationToken ct = default)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@') || email.Length > 254) throw ValidationException.For("email", "Enter the person's e-mail address.");
        if (role is not (Roles.OperatorAdmin or Roles.OperatorStaff)) throw ValidationException.For("role", "Choose a role.");
        if (await users.FindByEmailAsync(email) is not null) throw ValidationException.For("email", "This address already signs in to OneCard.");
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email : displayName.Trim(),
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) throw ValidationException.For("email", string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{messaging.PublicBaseUrl.TrimEnd('/')}/account/set-password?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, email, "Your OneCard operator console account",
            $"Hello {user.DisplayName},\n\n{actor} invited you to the OneCard operator console. Choose your password here (the link works for 24 hours):\n\n{link}\n\nThe OneCard team",
            isTransactional: true, now));
        db.AuditEvents.Add(new AuditEvent(now, "staff.invited", actor, $"{email} invited as {role}"));
        await db.SaveChangesAsync(ct);
    }

    public async Task SetActiveAsync(Guid userId, bool active, string actor, CancellationToken ct = default)
    {
        var user = await users.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw DomainException.NotFound("user-not-found", "No such user.");
        if (!await users.IsInRoleAsync(user, Roles.OperatorAdmin) && !await users.IsInRoleAsync(user, Roles.OperatorStaff))
            throw DomainException.NotFound("user-not-found", "No such user.");
        if (!active && string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
            throw DomainException.Conflict("self-deactivation", "You cannot deactivate yourself.");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, active ? null : DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        await using var db = dbs.Create();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, active ? "staff.reactivated" : "staff.deactivated", actor, user.Email ?? user.UserName ?? ""));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Administrator ↔ Staff (0171). One write transaction on a fresh scope (the circuit's own context may hold stale
    /// users): the actor must still be an active administrator, nobody changes their own role, and the last active
    /// administrator cannot be demoted — checked and changed under the same writer lock, so two administrators demoting
    /// each other at once cannot leave the coalition without one. A new security stamp signs the person's open
    /// sessions out within Identity:SessionCheckInterval; their next sign-in carries the new role. Audited old → new.
    /// </summary>
    public async Task ChangeRoleAsync(Guid userId, string role, string actor, CancellationToken ct = default)
    {
        if (role is not (Roles.OperatorAdmin or Roles.OperatorStaff)) throw ValidationException.For("role", "Choose a role.");
        await using var scope = scopes.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var context = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        await using var tx = await context.BeginWriteAsync(ct);

        var user = await manager.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw DomainException.NotFound("user-not-found", "No such user.");
        var isAdmin = await manager.IsInRoleAsync(user, Roles.OperatorAdmin);
        if (!isAdmin && !await manager.IsInRoleAsync(user, Roles.OperatorStaff)) throw DomainException.NotFound("user-not-found", "No such user.");
        var now = clock.GetUtcNow();
        var actorUser = await manager.FindByNameAsync(actor);
        if (actorUser?.Id == user.Id) throw DomainException.Conflict("own-role", "You cannot change your own role. Ask another administrator.");
        var old = isAdmin ? Roles.OperatorAdmin : Roles.OperatorStaff;
        if (isAdmin && role != old && IsActive(user, now))
        {
            // A handful of administrators: filtered here, since SQLite cannot compare the stored DateTimeOffset.
            var otherActiveAdmins = (await manager.GetUsersInRoleAsync(Roles.OperatorAdmin)).Count(u => u.Id != user.Id && IsActive(u, now));
            if (otherActiveAdmins == 0)
                throw DomainException.Conflict("last-administrator", "This is the last active administrator. Make someone else an administrator first.");
        }
        // The page is for administrators, but a screen left open after its user was demoted or deactivated must not act.
        if (actorUser is null || !await manager.IsInRoleAsync(actorUser, Roles.OperatorAdmin) || !IsActive(actorUser, now))
            throw new DomainException("not-an-administrator", "Only an active administrator can change roles.", 403);
        if (old == role) return;

        Check(await manager.RemoveFromRoleAsync(user, old));
        Check(await manager.AddToRoleAsync(user, role));
        Check(await manager.UpdateSecurityStampAsync(user));
        context.AuditEvents.Add(new AuditEvent(now.UtcDateTime, "staff.role-changed", actor,
            $"{user.Email ?? user.UserName}: role {RoleName(old)} → {RoleName(role)}; signed out of open sessions"));
        await context.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static bool IsActive(AppUser user, DateTimeOffset now) => user.LockoutEnd is null || user.LockoutEnd < now;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw DomainException.Conflict("role-change-failed", "The role could not be changed. Reload the page and try again.");
    }
}
