using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

/// <summary>A new member's first day on a phone (390×844), from joining to downloading their data.</summary>
[Collection(BrowserCollection.Name)]
public class MemberJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task NewMember_Joins_ShowsTheCardAtATill_BuysActivatesFollowsReviews_AndDownloadsTheirData()
    {
        var page = await browser.NewPageAsync(390, 844);
        const string phone = "+77015557701";

        // Join: phone, SMS code, name, consents.
        await page.GotoAsync("/join");
        await page.FillAsync("#join-phone", phone);
        await page.ClickAsync("#join-send-code");
        await page.WaitForSelectorAsync("#join-code");
        var smsCode = await LastCodeAsync(page);
        await page.FillAsync("#join-code", smsCode);
        await page.FillAsync("#join-first-name", "Zhanar");
        await page.ClickAsync("#join-verify");
        // The rules must be accepted; the code is not used up by the refused attempt.
        await Assertions.Expect(page.Locator("#join-error")).ToContainTextAsync("accept the program rules");
        await page.FillAsync("#join-code", smsCode);
        await page.FillAsync("#join-first-name", "Zhanar");
        await page.CheckAsync("#join-terms");
        await page.ClickAsync("#join-verify");
        await page.WaitForURLAsync("**/me");
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // The welcome bonus is there.
        await Assertions.Expect(page.Locator("#points-history")).ToContainTextAsync("Welcome to");
        Assert.NotEqual("0", (await page.Locator("#main-balance").TextContentAsync())!.Trim());

        // The cashier scans the QR on the phone's screen: decoded from a screenshot, sent to the POS API.
        var shot = Path.Combine(Path.GetTempPath(), $"card-{Guid.NewGuid():N}.png");
        await page.Locator("#card-qr").ScreenshotAsync(new() { Path = shot });
        var token = await DecodeAsync(shot);
        Assert.Matches("^OC[0-9]{16}$", token);

        using var pos = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        pos.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.PosKey);
        var identify = await pos.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = token });
        Assert.True(identify.IsSuccessStatusCode, await identify.Content.ReadAsStringAsync());
        Assert.Equal("Zhanar", (await identify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());

        using var purchase = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases")
        {
            Content = JsonContent.Create(new { customer = token, receiptNumber = "E2E-7701", amount = 12_500m, redeemPoints = 0m }),
        };
        purchase.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var bought = await pos.SendAsync(purchase);
        Assert.True(bought.IsSuccessStatusCode, await bought.Content.ReadAsStringAsync());

        // The purchase is in the history, with its receipt.
        await SignInSteps.OpenAsync(page, "/me/history");
        await Assertions.Expect(page.Locator("#points-history")).ToContainTextAsync("Magnum Fresh");
        await page.Locator(".history-row", new() { HasText = "Magnum Fresh" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("E2E-7701");
        await page.ClickAsync("#receipt-close");

        // A promo code from a package's QR link.
        var code = await PromoCodeScreensTests.DemoCodeAsync(browser, serial: 23);
        await page.GotoAsync("/c/" + code.Replace("-", ""));
        await Assertions.Expect(page.Locator("#activation-success")).ToContainTextAsync("promo points for Altyn Dairy");

        // Follow a brand.
        await SignInSteps.OpenAsync(page, "/partners/qazfuel");
        await page.ClickAsync("#follow");
        await Assertions.Expect(page.Locator("#follow")).ToContainTextAsync("Following");
        await SignInSteps.OpenAsync(page, "/me/brands");
        await Assertions.Expect(page.Locator("#followed-brands")).ToContainTextAsync("QazFuel");

        // Review the purchase.
        await SignInSteps.OpenAsync(page, "/me/reviews");
        var card = page.Locator("[id^='rate-']").First;
        await card.Locator(".review-stars .mud-rating-item").Nth(4).ClickAsync();
        await card.Locator(".review-text textarea").FillAsync("Quick till, friendly staff.");
        await card.Locator(".send-review").ClickAsync();
        await Assertions.Expect(page.Locator("#my-reviews")).ToContainTextAsync("Quick till, friendly staff.");

        // Download my data.
        await SignInSteps.OpenAsync(page, "/me/profile");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-json"));
        var json = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal(phone, json.RootElement.GetProperty("profile").GetProperty("phone").GetString());
        Assert.Contains(json.RootElement.GetProperty("purchases").EnumerateArray(), p => p.GetProperty("receiptNumber").GetString() == "E2E-7701");
        Assert.Contains(json.RootElement.GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("partner").GetString() == "QazFuel");
        var excel = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-xlsx"));
        Assert.Equal("onecard-my-data.xlsx", excel.SuggestedFilename);
    }

    [Fact]
    public async Task Visitor_BrowsesPartnersByArea_AndAppliesAsABusiness()
    {
        var page = await browser.NewPageAsync(390, 844);
        await SignInSteps.OpenAsync(page, "/partners?area=Pharmacy");
        await Assertions.Expect(page.Locator("#directory")).ToContainTextAsync("Dala Pharm");
        await Assertions.Expect(page.Locator("#directory")).Not.ToContainTextAsync("QazFuel");

        await SignInSteps.OpenAsync(page, "/business");
        await page.ClickAsync("#apply-submit");
        await Assertions.Expect(page.GetByText("Enter the company's name (up to 200 characters).")).ToBeVisibleAsync();
        await page.FillAsync("#apply-company", "Sunny Bakery");
        await page.FillAsync("#apply-city", "Almaty");
        await page.FillAsync("#apply-contact", "Saule");
        await page.FillAsync("#apply-email", "saule@sunny.example");
        // The area last: once, typing right after the select's popover closed lost the city to the select's re-render.
        await page.ClickAsync("#apply-area");
        await page.GetByRole(AriaRole.Option, new() { Name = "Cafe" }).ClickAsync();
        await Assertions.Expect(page.Locator("#apply-city")).ToHaveValueAsync("Almaty");
        await page.ClickAsync("#apply-submit");
        await Assertions.Expect(page.Locator("#application-sent")).ToBeVisibleAsync();

        // It waits in the operator console's applications panel.
        var op = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(op, DemoSeeder.OperatorEmail);
        await op.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(op, "/operator/partners");
        await op.GetByRole(AriaRole.Tab, new() { Name = "Applications" }).ClickAsync();
        await Assertions.Expect(op.GetByText("Sunny Bakery").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Portal_IsInstallable_AndTheServiceWorkerLeavesBlazorAlone()
    {
        var page = await browser.NewPageAsync(390, 844);
        await SignInSteps.OpenAsync(page, "/");
        var manifest = await page.EvaluateAsync<string>("fetch('/manifest.webmanifest').then(r => r.text())");
        using var json = JsonDocument.Parse(manifest);
        Assert.Equal("standalone", json.RootElement.GetProperty("display").GetString());
        Assert.Contains(json.RootElement.GetProperty("icons").EnumerateArray(), i => i.GetProperty("sizes").GetString() == "512x512");
        var registered = await page.EvaluateAsync<bool>("navigator.serviceWorker.ready.then(r => !!r.active)");
        Assert.True(registered);

        // With the worker in control, the next page still comes up live.
        await SignInSteps.OpenAsync(page, "/faq");
        await Assertions.Expect(page.Locator("#faq")).ToBeVisibleAsync();
        Assert.Equal(200, (await page.APIRequest.GetAsync("/offline.html")).Status);
    }

    private static async Task<string> LastCodeAsync(IPage page)
    {
        var outbox = await page.Context.NewPageAsync();
        await outbox.GotoAsync("/dev/outbox");
        var body = await outbox.Locator(".outbox-body").First.TextContentAsync();
        await outbox.CloseAsync();
        return System.Text.RegularExpressions.Regex.Match(body ?? "", @"\d{6}").Value;
    }

    private static async Task<string> DecodeAsync(string png)
    {
        using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", png]) { RedirectStandardOutput = true })!;
        var text = await zbar.StandardOutput.ReadToEndAsync();
        await zbar.WaitForExitAsync();
        Assert.True(zbar.ExitCode == 0, $"zbarimg could not read the card's QR ({zbar.ExitCode})");
        return text.Trim();
    }
}
