using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class CampaignScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task PartnerAdmin_CreatesACampaignForASegment_AndTheTillsQuoteShowsItsBonus()
    {
        var name = "VIP triple " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");
        await SignInSteps.OpenAsync(page, "/partner/campaigns/new");

        await page.Locator("#campaign-name").FillAsync(name);
        await page.Locator("#campaign-reward-value").FillAsync("10");
        await page.Locator(".mud-input-control:has(#campaign-segment)").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = DemoSeeder.DemoSegmentName }).ClickAsync();
        await page.ClickAsync("#campaign-save");
        await page.WaitForURLAsync("**/partner/campaigns/*-*");
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Draft");
        await page.ClickAsync("#campaign-launch");
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Active");

        // The till asks what the demo member (in the VIP group) would get.
        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.PosKey);
        var response = await http.PostAsJsonAsync("/api/pos/v1/purchases/quote", new { customer = DemoSeeder.CustomerPhone, amount = 10_000m, redeemPoints = 0m });
        response.EnsureSuccessStatusCode();
        var quote = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bonus = quote.GetProperty("bonuses").EnumerateArray().Single(b => b.GetProperty("campaign").GetString() == name);
        Assert.Equal(1_000m, bonus.GetProperty("points").GetDecimal()); // 10 % of 10,000 paid in money

        // The campaign is in the list and on the calendar.
        await SignInSteps.OpenAsync(page, "/partner/campaigns");
        await Assertions.Expect(page.Locator("#campaigns-grid")).ToContainTextAsync(name);
        await SignInSteps.OpenAsync(page, "/partner/campaigns/calendar");
        await Assertions.Expect(page.Locator(".campaign-calendar")).ToContainTextAsync(name);

        // End it, so other tests' purchases earn as before.
        await page.Locator(".cc-item", new() { HasText = name }).First.ClickAsync();
        await page.Locator("button:has-text('End')").First.ClickAsync();
        await page.Locator(".mud-dialog button:has-text('End')").ClickAsync();
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Ended");
    }
}
