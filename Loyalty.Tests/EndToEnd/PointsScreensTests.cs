using System.Net.Http.Json;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PointsScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Customer_SeesBalanceTierAndHistory()
    {
        var page = await browser.NewPageAsync(390, 844);
        await SignInSteps.CustomerAsync(page, DemoSeeder.CustomerPhone);
        await page.WaitForURLAsync("**/me");

        var balance = decimal.Parse((await page.Locator("#main-balance").TextContentAsync())!.Replace(",", "").Replace(" ", ""), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(balance >= 10_000m, $"The demo member should hold at least 10,000 points, has {balance}");
        await Assertions.Expect(page.Locator("#points-history")).ToContainTextAsync("Points for a purchase at");
    }

    [Fact]
    public async Task Operator_AdjustsPointsWithAReason_AndTheTransferAppears()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");

        await SignInSteps.OpenAsync(page, "/operator/customers");
        await page.Locator("#customer-search").FillAsync(DemoSeeder.CustomerPhone);
        // Wait for the filtered page (debounced server reload) so the click does not land on a row being replaced.
        var rows = page.Locator("#customers-grid tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Aigerim");
        await rows.First.ClickAsync();
        await Assertions.Expect(page.Locator("#customer-name")).ToContainTextAsync("Aigerim");

        await page.ClickAsync("#adjust-points");
        await page.Locator("#adjust-amount").FillAsync("123.45");
        await page.ClickAsync("#adjust-save");
        await Assertions.Expect(page.GetByText("at least 5 characters")).ToBeVisibleAsync();

        await page.Locator("#adjust-reason").FillAsync("Goodwill for a late delivery");
        await page.ClickAsync("#adjust-save");
        await Assertions.Expect(page.Locator("#transfers")).ToContainTextAsync("Correction by support: Goodwill for a late delivery");
    }

    [Fact]
    public async Task PartnerAdmin_CreatesATerminal_WhoseKeyWorks_ThenRevokesIt()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");

        await SignInSteps.OpenAsync(page, "/partner/terminals");
        await page.ClickAsync("#new-terminal");
        await page.Locator("#terminal-name").FillAsync("Till 9");
        await page.ClickAsync("#terminal-create");
        var key = await page.Locator("#terminal-key").InputValueAsync();
        Assert.StartsWith("pos_", key);
        await page.ClickAsync("#terminal-done");

        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var identify = await http.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = DemoSeeder.CustomerPhone });
        Assert.Equal(System.Net.HttpStatusCode.OK, identify.StatusCode);

        await page.Locator("#terminals tr", new() { HasText = "Till 9" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Assertions.Expect(page.Locator("#terminals tr", new() { HasText = "Till 9" })).ToContainTextAsync("Revoked");

        var refused = await http.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = DemoSeeder.CustomerPhone });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
