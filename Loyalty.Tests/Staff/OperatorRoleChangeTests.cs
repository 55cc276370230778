using System.Net;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Data.Identity;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Staff;

/// <summary>Administrator ↔ Staff from the settings screen's service, over a real app; sessions checked over loopback HTTP.</summary>
public class OperatorRoleChangeTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Uri _base = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        // Every request re-checks the security stamp, so the test needs no waiting for the (one-minute) interval.
        _app.Settings["Identity:SessionCheckInterval"] = "00:00:00";
        _app.UseKestrel(0);
        _app.StartServer();
        _base = _app.CreateClient().BaseAddress!;
        await _app.CreateStaffAsync("anna@ops.test", Roles.OperatorAdmin);
        await _app.CreateStaffAsync("boris@ops.test", Roles.OperatorAdmin);
        await _app.CreateStaffAsync("dina@ops.test", Roles.OperatorStaff);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> InScopeAsync<T>(Func<OperatorStaff, UserManager<AppUser>, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<OperatorStaff>(), scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private Task<AppUser> UserAsync(string email) => InScopeAsync((_, users) => users.FindByEmailAsync(email))!;

    private Task<string> RoleOfAsync(string email) => InScopeAsync(async (staff, _) => (await staff.ListAsync()).Single(m => m.Email == email).Role);

    private Task ChangeAsync(string email, string role, string actor) =>
        InScopeAsync(async (staff, _) => { await staff.ChangeRoleAsync((await UserAsync(email)).Id, role, actor); return 0; });

    [Fact]
    public async Task AnAdministrator_PromotesAndDemotes_AuditedOldToNew_WithANewSecurityStamp()
    {
        var stampBefore = (await UserAsync("dina@ops.test")).SecurityStamp;

        await ChangeAsync("dina@ops.test", Roles.OperatorAdmin, "anna@ops.test");
        Assert.Equal(Roles.OperatorAdmin, await RoleOfAsync("dina@ops.test"));
        var dina = await UserAsync("dina@ops.test");
        Assert.NotEqual(stampBefore, dina.SecurityStamp);
        Assert.Equal([Roles.OperatorAdmin], await InScopeAsync((_, users) => users.GetRolesAsync(dina)));

        await ChangeAsync("dina@ops.test", Roles.OperatorStaff, "boris@ops.test");
        Assert.Equal(Roles.OperatorStaff, await RoleOfAsync("dina@ops.test"));

        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var log = await db.AuditEvents.AsNoTracking().Where(e => e.Kind == "staff.role-changed").OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal("anna@ops.test", log[0].Actor);
        Assert.StartsWith("dina@ops.test: role Staff → Administrator", log[0].Summary);
        Assert.Equal("boris@ops.test", log[1].Actor);
        Assert.StartsWith("dina@ops.test: role Administrator → Staff", log[1].Summary);
    }

    [Fact]
    public async Task NobodyChangesTheirOwnRole_TheLastActiveAdministratorStays_AndStaffCannotChangeRoles()
    {
        var own = await Assert.ThrowsAsync<DomainException>(() => ChangeAsync("anna@ops.test", Roles.OperatorStaff, "anna@ops.test"));
        Assert.Equal("own-role", own.Code);
        Assert.Equal("You cannot change your own role. Ask another administrator.", own.Message);

        var notAdmin = await Assert.ThrowsAsync<DomainException>(() => ChangeAsync("boris@ops.test", Roles.OperatorStaff, "dina@ops.test"));
        Assert.Equal(403, notAdmin.Status);

        // Anna deactivates Boris; Boris's screen is still open (within the session check) and he tries to demote Anna,
        // now the only active administrator.
        await InScopeAsync(async (staff, _) => { await staff.SetActiveAsync((await UserAsync("boris@ops.test")).Id, false, "anna@ops.test"); return 0; });
        var last = await Assert.ThrowsAsync<DomainException>(() => ChangeAsync("anna@ops.test", Roles.OperatorStaff, "boris@ops.test"));
        Assert.Equal("last-administrator", last.Code);
        Assert.Equal("This is the last active administrator. Make someone else an administrator first.", last.Message);

        Assert.Equal(Roles.OperatorAdmin, await RoleOfAsync("anna@ops.test"));
        Assert.Equal(Roles.OperatorStaff, await RoleOfAsync("dina@ops.test"));
        await Assert.ThrowsAsync<ValidationException>(() => ChangeAsync("dina@ops.test", Roles.PartnerAdmin, "anna@ops.test"));
        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == "staff.role-changed"));
    }

    [Fact]
    public async Task TheChangedUsersOpenSession_EndsAtOnce_AndTheNextSignInCarriesTheNewRole()
    {
        var boris = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = _base };
        Assert.Equal(HttpStatusCode.Redirect, (await FormSignIn.StaffAsync(boris, "boris@ops.test", "Passw0rd!")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boris.GetAsync("/operator/settings")).StatusCode);

        await ChangeAsync("boris@ops.test", Roles.OperatorStaff, "anna@ops.test");

        // The old cookie's stamp no longer matches: Boris is sent to sign in, not let in as an administrator.
        var stale = await boris.GetAsync("/operator/settings");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("/account/login", stale.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, (await FormSignIn.StaffAsync(boris, "boris@ops.test", "Passw0rd!")).StatusCode);
        var denied = await boris.GetAsync("/operator/settings");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/access-denied", denied.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await boris.GetAsync("/operator/cards")).StatusCode);
    }
}
