using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.Partners;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Partners;

/// <summary>
/// Approving an application also opens the cabinet: the applicant's contact e-mail becomes the partner's first admin,
/// who receives a link to choose a password (an Identity reset token, valid for a day). No password is ever chosen
/// for someone or sent by e-mail.
/// </summary>
public sealed class PartnerAdminInvitation(
    ReviewPartnerApplication review, UserManager<AppUser> users, ILoyaltyDbFactory dbs, TimeProvider clock, MessagingOptions messaging)
{
    public const string SetPasswordPath = "/account/set-password";

    public async Task<ApprovedPartner> ApproveAndInviteAsync(Guid partnerId, string? contactEmail, ApprovalTerms terms, string actor, CancellationToken ct = default)
    {
        // Checked before the approval so a taken address never leaves an active partner without an admin.
        if (!string.IsNullOrWhiteSpace(contactEmail) && await users.FindByEmailAsync(contactEmail.Trim()) is { } existing && existing.PartnerId != partnerId)
            throw DomainException.Conflict("email-taken", $"{contactEmail} already signs in to OneCard; ask the applicant for another address.");
        var approved = await review.ApproveAsync(partnerId, terms, actor, ct);
        await InviteAsync(approved, actor, ct);
        return approved;
    }

    /// <summary>Creates the admin account if needed and e-mails a fresh set-password link; also used to resend it.</summary>
    public async Task InviteAsync(ApprovedPartner partner, string actor, CancellationToken ct = default)
    {
        var email = partner.ContactEmail.Trim();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser
            {
                Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(partner.ContactName) ? email : $"{partner.ContactName} ({partner.Name})",
                PartnerId = partner.Id,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) throw ValidationException.For("contactEmail", string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.PartnerAdmin);
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{messaging.PublicBaseUrl.TrimEnd('/')}{SetPasswordPath}?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, email, $"Welcome to OneCard, {partner.Name}",
            $"{(string.IsNullOrWhiteSpace(partner.ContactName) ? "Hello," : $"Hello {partner.ContactName},")}\n\n" +
            $"{partner.Name} has joined the OneCard coalition. Your partner cabinet is ready: choose your password here (the link works for 24 hours):\n\n{link}\n\n" +
            "Then sign in with this e-mail address to add your stores, POS terminals and staff.\n\nThe OneCard team",
            isTransactional: true, now, ownerPartnerId: null));
        db.AuditEvents.Add(new AuditEvent(now, "partner.admin-invited", actor, $"{email} invited as admin of {partner.Name}", partner.Id));
        await db.SaveChangesAsync(ct);
    }
}
