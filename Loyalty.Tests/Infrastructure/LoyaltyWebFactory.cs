using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Infrastructure;

/// <summary>The whole web app in-process over a real SQLite file of its own; SMS goes to a recording sender.</summary>
public sealed class LoyaltyWebFactory : WebApplicationFactory<Program>
{
    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"loyalty-web-{Guid.NewGuid():N}.db");

    public RecordingSmsSender Sms { get; } = new();

    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Loyalty", $"Data Source={DatabasePath}");
        builder.UseSetting("PromoCodes:HmacKey", TestDatabase.TestHmacKeyBase64);
        builder.UseSetting("PromoCodes:PrintFilesPath", DatabasePath + ".print-files");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<ISmsSender>(Sms));
    }

    public async Task<AppUser> CreateStaffAsync(string email, string role, Guid? partnerId = null, string password = "Passw0rd!")
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, DisplayName = email, PartnerId = partnerId };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(";", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
        try { if (Directory.Exists(DatabasePath + ".print-files")) Directory.Delete(DatabasePath + ".print-files", recursive: true); } catch (IOException) { }
    }
}

/// <summary>Signs a client in through the real staff sign-in form, antiforgery token included.</summary>
public static class FormSignIn
{
    public static async Task<HttpResponseMessage> StaffAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "staff-login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }
}
