using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PromoCodeScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Member_ScansAQrLink_SignsIn_AndTheCodeActivatesOnce()
    {
        var code = await DemoCodeAsync(browser, serial: 17);
        var page = await browser.NewPageAsync(390, 844);

        // The phone camera opens the QR's link; the member is not signed in yet: the landing explains, then signs in.
        await page.GotoAsync("/c/" + code.Replace("-", ""));
        await page.ClickAsync("#landing-sign-in");
        await page.WaitForSelectorAsync("#phone");
        Assert.Contains("returnUrl=%2Fc%2F", page.Url);
        await page.FillAsync("#phone", DemoSeeder.CustomerPhone);
        await page.ClickAsync("#send-code");
        await page.WaitForSelectorAsync("#code");
        var outbox = await page.Context.NewPageAsync();
        await outbox.GotoAsync("/dev/outbox");
        var body = await outbox.Locator(".outbox-body").First.TextContentAsync();
        await outbox.CloseAsync();
        await page.FillAsync("#code", System.Text.RegularExpressions.Regex.Match(body!, @"\d{6}").Value);
        await page.ClickAsync("#verify-code");

        await Assertions.Expect(page.Locator("#activation-success")).ToContainTextAsync("+1 promo points for Altyn Dairy");
        await page.WaitForURLAsync("**/me/promo");

        // Typing the same code again, sloppily, is refused as used.
        await page.Locator("#promo-code").FillAsync(code.ToLowerInvariant().Replace("-", " "));
        await page.ClickAsync("#promo-activate");
        await Assertions.Expect(page.GetByText("This code has already been used.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Manufacturer_LandsOnItsCodes_NotOnEmptySalesFigures()
    {
        var page = await browser.NewPageAsync(820, 1180);
        await SignInSteps.StaffAsync(page, "maker@demo.local");
        await page.WaitForURLAsync("**/partner");

        await Assertions.Expect(page.Locator("#manufacturer-activations")).ToContainTextAsync("Promo codes on your packaging");
        await Assertions.Expect(page.GetByText("Activations per day")).ToBeVisibleAsync();
        // Altyn Dairy has no stores and no receipts: no row of zero revenue, and no period switch that would change nothing.
        await Assertions.Expect(page.Locator("#dashboard-kpis")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#dashboard-period")).ToHaveCountAsync(0);
    }

    /// <summary>A code from the demo batch's print file, once the app's job has generated it.</summary>
    internal static async Task<string> DemoCodeAsync(BrowserFixture browser, int serial)
    {
        var segment = Path.Combine(browser.App.DatabasePath + ".print-files", "batch-000001", "part-00000.csv");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(segment))
        {
            Assert.True(DateTime.UtcNow < deadline, "The demo batch was not generated.");
            await Task.Delay(250);
        }
        return File.ReadLines(segment).Select(l => l.Split(',')).First(p => p[0] == serial.ToString())[1];
    }
}
