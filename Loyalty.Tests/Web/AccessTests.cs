using System.Net;
using System.Text.Json;
using Loyalty.Core.Identity;
using Loyalty.Core.Partners;
using Loyalty.Data;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Web;

public class AccessTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_ReportsTheDatabaseHealthy()
    {
        var response = await _app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetString());
    }

    [Theory]
    [InlineData("/operator")]
    [InlineData("/partner")]
    [InlineData("/me")]
    public async Task Areas_RedirectAnonymousVisitorsToSignIn(string path)
    {
        var response = await _app.CreateBrowserLikeClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PartnerUser_IsRefusedTheOperatorConsole_ButReachesTheCabinet()
    {
        var partnerId = await CreatePartnerAsync();
        await _app.CreateStaffAsync("marketer@test.local", Roles.PartnerMarketer, partnerId);
        var client = _app.CreateBrowserLikeClient();

        var signIn = await FormSignIn.StaffAsync(client, "marketer@test.local", "Passw0rd!");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/partner", signIn.Headers.Location!.AbsolutePath);

        var console = await client.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.StartsWith("/account/access-denied", console.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/partner")).StatusCode);
    }

    [Fact]
    public async Task StaffAccount_LocksOutAfterFiveWrongPasswords_EvenForTheRightOne()
    {
        await _app.CreateStaffAsync("admin@test.local", Roles.OperatorAdmin);
        var client = _app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await FormSignIn.StaffAsync(client, "admin@test.local", "wrong-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await FormSignIn.StaffAsync(client, "admin@test.local", "Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var response = await _app.CreateClient().GetAsync("/");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task UnknownPage_ShowsTheFriendlyNotFoundPage()
    {
        var response = await _app.CreateClient().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> CreatePartnerAsync()
    {
        using var scope = _app.Services.CreateScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext();
        var partner = new Partner("Test Mart", "test-mart", BusinessArea.FoodRetail, "KZ", "KZT", "Asia/Almaty", DateTime.UtcNow);
        partner.Approve();
        partner.Activate(DateTime.UtcNow);
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner.Id;
    }
}
