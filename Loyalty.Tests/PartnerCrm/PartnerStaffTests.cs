using System.Net;
using System.Text.RegularExpressions;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Data.Identity;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.PartnerCrm;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// Staff management in the cabinet's settings, through the whole app: an admin invites by e-mail, the invitee chooses a
/// password from the link and lands in the area of the role; roles change; access is revoked and restored; another
/// partner's admin and a marketer can do none of it.
/// </summary>
public class PartnerStaffTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _a = default!;
    private Scenario _b = default!;
    private PartnerStaff _admin = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _ = _app.Server;
        _a = await Scenario.CreateAsync(_app.Services);
        _b = await Scenario.CreateAsync(_app.Services);
        var admin = await _app.CreateStaffAsync("admin-a@test.local", Roles.PartnerAdmin, _a.Partner.Id);
        _admin = new PartnerStaff(_a.Partner.Id, "admin-a@test.local", [Roles.PartnerAdmin], admin.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> WithDirectoryAsync<T>(Func<PartnerStaffDirectory, Task<T>> action)
    {
        using var scope = _app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<PartnerStaffDirectory>());
    }

    private Task WithDirectoryAsync(Func<PartnerStaffDirectory, Task> action) => WithDirectoryAsync(async d => { await action(d); return 0; });

    private Task<StaffMember> MemberAsync(string email) => WithDirectoryAsync(async d => (await d.ListAsync(_admin)).Single(m => m.Email == email));

    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) => await FormSignIn.StaffAsync(client, email, password);

    /// <summary>Follows the invitation e-mail's link like the invitee: opens the page, posts the form with a new password.</summary>
    private async Task<HttpResponseMessage> AcceptInvitationAsync(HttpClient client, string email, string password)
    {
        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var mail = await db.OutgoingMessages.AsNoTracking().Where(m => m.Recipient == email).OrderByDescending(m => m.Id).FirstAsync();
        var link = Regex.Match(mail.Body!, @"(/account/set-password\?\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(link), mail.Body);
        var page = await client.GetStringAsync(link);
        var antiforgery = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return await client.PostAsync("/account/set-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["_handler"] = "set-password",
            ["Input.Email"] = query["email"]!,
            ["Input.Token"] = query["token"]!,
            ["Input.Password"] = password,
            ["Input.Confirm"] = password,
        }));
    }

    [Fact]
    public async Task Invite_SendsASetPasswordLink_AndTheCashierSignsInToTheTillOnly()
    {
        await WithDirectoryAsync(d => d.InviteAsync(_admin, "  kassa@test.local ", "Aigerim Kassa", Roles.PartnerCashier, _a.Store.Id));

        var invited = await MemberAsync("kassa@test.local");
        Assert.Equal((Roles.PartnerCashier, _a.Store.Id, false, false), (invited.Role, invited.StoreId, invited.PasswordSet, invited.Disabled));
        await using (var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create())
        {
            var mail = await db.OutgoingMessages.AsNoTracking().SingleAsync(m => m.Recipient == "kassa@test.local");
            Assert.True(mail.IsTransactional);
            Assert.Contains("as a cashier", mail.Body);
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "partner.staff-invited" && e.PartnerId == _a.Partner.Id));
        }

        var client = _app.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.Redirect, (await SignInAsync(client, "kassa@test.local", "Kassa2026!")).StatusCode); // no password yet
        var accepted = await AcceptInvitationAsync(client, "kassa@test.local", "Kassa2026!");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("passwordSet=1", accepted.Headers.Location?.ToString());
        Assert.True((await MemberAsync("kassa@test.local")).PasswordSet);

        // The same link does not work twice.
        var again = await AcceptInvitationAsync(_app.CreateBrowserLikeClient(), "kassa@test.local", "Other2026!");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("set-password-error", await again.Content.ReadAsStringAsync());

        var signedIn = await SignInAsync(client, "kassa@test.local", "Kassa2026!");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/partner/cashier")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/partner/settings/staff")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/partner/customers")).StatusCode);
    }

    [Fact]
    public async Task Invite_RefusesBadInput_ATakenAddress_AndAnotherPartnersStore_WithoutCreatingAnyone()
    {
        var bad = await Assert.ThrowsAsync<ValidationException>(() => WithDirectoryAsync(d => d.InviteAsync(_admin, "not-an-address", "A", "Owner", null)));
        Assert.Equal(["email", "name", "role"], bad.Errors.Keys.Order());

        var store = await Assert.ThrowsAsync<ValidationException>(() => WithDirectoryAsync(d => d.InviteAsync(_admin, "new@test.local", "New Person", Roles.PartnerCashier, _b.Store.Id)));
        Assert.Contains("store", store.Errors.Keys);

        await _app.CreateStaffAsync("taken@test.local", Roles.PartnerAdmin, _b.Partner.Id);
        var taken = await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(d => d.InviteAsync(_admin, "taken@test.local", "Taken Person", Roles.PartnerMarketer, null)));
        Assert.Equal("email-taken", taken.Code);

        Assert.Equal(["admin-a@test.local"], (await WithDirectoryAsync(d => d.ListAsync(_admin))).Select(m => m.Email));
        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        Assert.False(await db.OutgoingMessages.AnyAsync(m => m.Recipient == "new@test.local" || m.Recipient == "taken@test.local"));
    }

    [Fact]
    public async Task ChangingARole_AppliesAtTheNextSignIn_AndTheLastAdminCannotStepDown()
    {
        var person = await _app.CreateStaffAsync("person@test.local", Roles.PartnerCashier, _a.Partner.Id);
        var stampBefore = person.SecurityStamp;

        await WithDirectoryAsync(d => d.ChangeAsync(_admin, person.Id, Roles.PartnerMarketer, null));

        Assert.Equal(Roles.PartnerMarketer, (await MemberAsync("person@test.local")).Role);
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByIdAsync(person.Id.ToString()))!;
            Assert.Equal([Roles.PartnerMarketer], await users.GetRolesAsync(stored));
            Assert.NotEqual(stampBefore, stored.SecurityStamp); // open sessions are revalidated with the new role
        }
        var client = _app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "person@test.local", "Passw0rd!")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/partner/customers")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/partner/settings/staff")).StatusCode);

        var lastAdmin = await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(d => d.ChangeAsync(_admin, _admin.UserId!.Value, Roles.PartnerMarketer, null)));
        Assert.Equal("last-admin", lastAdmin.Code);
        Assert.Equal(Roles.PartnerAdmin, (await MemberAsync("admin-a@test.local")).Role);

        // With a second admin the first may step down.
        await WithDirectoryAsync(d => d.ChangeAsync(_admin, person.Id, Roles.PartnerAdmin, null));
        await WithDirectoryAsync(d => d.ChangeAsync(_admin, _admin.UserId!.Value, Roles.PartnerMarketer, null));
        Assert.Equal(Roles.PartnerMarketer, (await MemberAsync("admin-a@test.local")).Role);
    }

    [Fact]
    public async Task Revoking_StopsSignIn_RestoringGivesItBack_AndNobodyRevokesThemselves()
    {
        var person = await _app.CreateStaffAsync("leaver@test.local", Roles.PartnerMarketer, _a.Partner.Id);
        await WithDirectoryAsync(d => d.SetEnabledAsync(_admin, person.Id, enabled: false));

        Assert.True((await MemberAsync("leaver@test.local")).Disabled);
        var client = _app.CreateBrowserLikeClient();
        var refused = await SignInAsync(client, "leaver@test.local", "Passw0rd!");
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/partner/customers")).StatusCode);

        await WithDirectoryAsync(d => d.SetEnabledAsync(_admin, person.Id, enabled: true));
        Assert.False((await MemberAsync("leaver@test.local")).Disabled);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "leaver@test.local", "Passw0rd!")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/partner/customers")).StatusCode);

        var self = await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(d => d.SetEnabledAsync(_admin, _admin.UserId!.Value, enabled: false)));
        Assert.Equal("self-disable", self.Code);
        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.PartnerId == _a.Partner.Id && (e.Kind == "partner.staff-disabled" || e.Kind == "partner.staff-enabled")));
    }

    [Fact]
    public async Task AnotherPartnersAdmin_AndAMarketer_CannotSeeOrChangeTheStaff()
    {
        var person = await _app.CreateStaffAsync("ours@test.local", Roles.PartnerCashier, _a.Partner.Id);
        var theirAdmin = PartnerStaff.Admin(_b.Partner.Id, "admin-b");

        Assert.DoesNotContain(await WithDirectoryAsync(d => d.ListAsync(theirAdmin)), m => m.Email == "ours@test.local");
        foreach (var attempt in new Func<PartnerStaffDirectory, Task>[]
        {
            d => d.ChangeAsync(theirAdmin, person.Id, Roles.PartnerAdmin, null),
            d => d.SetEnabledAsync(theirAdmin, person.Id, enabled: false),
            d => d.ResendAsync(theirAdmin, person.Id),
        })
            Assert.Equal("staff-not-found", (await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(attempt))).Code);

        var marketer = new PartnerStaff(_a.Partner.Id, "m@test", [Roles.PartnerMarketer]);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(d => d.ListAsync(marketer)))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => WithDirectoryAsync(d => d.InviteAsync(marketer, "x@test.local", "X Person", Roles.PartnerAdmin, null)))).Status);

        var member = await MemberAsync("ours@test.local");
        Assert.Equal((Roles.PartnerCashier, false), (member.Role, member.Disabled));
    }
}
