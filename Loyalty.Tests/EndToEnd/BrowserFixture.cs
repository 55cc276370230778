using Loyalty.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

/// <summary>One app process with the demo coalition and one headless Debian Chromium, shared by the end-to-end tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException("Debian's Chromium is missing: run ./test.sh, which installs it.");
        // Contest jobs every 2 s instead of every minute, so the draw test sees entries and winners without long waits.
        App = await AppProcess.StartAsync(environment: new Dictionary<string, string> { ["Contests__EntryIntervalSeconds"] = "2", ["Contests__CloseIntervalSeconds"] = "2" });
        Console.WriteLine($"E2E app answered /health after {App.StartupTime.TotalSeconds:0.0} s");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A second Chromium whose camera is a video file (Chromium's fake capture device plays a .y4m in a loop), camera
    /// permission granted: the scanner's real path (getUserMedia, frames, decoding) runs without a camera on the machine.
    /// </summary>
    public async Task<IBrowser> LaunchWithCameraAsync(string y4mPath) =>
        await _playwright!.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-video-capture={y4mPath}"],
        });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>Sign-in steps as a person does them.</summary>
public static class SignInSteps
{
    /// <summary>Opens a page and waits until its circuit is live: a click on a prerendered page does nothing yet.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    public static async Task StaffAsync(IPage page, string email, string password = "Demo123!")
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
    }

    /// <summary>Asks for a code, reads it from the dev outbox page like a developer would, and enters it.</summary>
    public static async Task CustomerAsync(IPage page, string phone, string? firstName = null)
    {
        await page.GotoAsync("/account/phone");
        await page.FillAsync("#phone", phone);
        await page.ClickAsync("#send-code");
        await page.WaitForSelectorAsync("#code");

        var outbox = await page.Context.NewPageAsync();
        await outbox.GotoAsync("/dev/outbox");
        var body = await outbox.Locator(".outbox-body").First.TextContentAsync();
        await outbox.CloseAsync();
        var code = System.Text.RegularExpressions.Regex.Match(body ?? "", @"\d{6}").Value;

        await page.FillAsync("#code", code);
        if (firstName is not null) await page.FillAsync("#first-name", firstName);
        await page.ClickAsync("#verify-code");
    }
}
