using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task Operator_SignsIn_AndLandsOnTheConsole()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);

        await page.WaitForURLAsync("**/operator");
        await Assertions.Expect(page.Locator("#operator-title")).ToHaveTextAsync("Coalition overview");
        await Assertions.Expect(page.Locator(".kpi-card").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task PartnerAdmin_SignsIn_AndSeesOwnCabinet()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);

        await page.WaitForURLAsync("**/partner");
        await Assertions.Expect(page.Locator("#partner-name")).ToHaveTextAsync("Magnum Fresh");
    }

    [Fact]
    public async Task Cashier_SignsIn_AndLandsOnTheCabinet()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.CashierEmail);

        // A cashier has only the cashier view (issue 8), at their store of Magnum Fresh.
        await page.WaitForURLAsync("**/partner/cashier");
        await Assertions.Expect(page.Locator("#cashier-store")).ToContainTextAsync("Magnum Fresh");
    }

    [Fact]
    public async Task Customer_SignsInWithAnSmsCode_AndSeesTheirCard()
    {
        var page = await browser.NewPageAsync(390, 844);
        await SignInSteps.CustomerAsync(page, DemoSeeder.CustomerPhone);

        await page.WaitForURLAsync("**/me");
        await Assertions.Expect(page.Locator("#member-greeting")).ToHaveTextAsync("Hello, Aigerim");
    }

    [Fact]
    public async Task NewCustomer_RegistersWithPhoneAndName()
    {
        var page = await browser.NewPageAsync(390, 844);
        await SignInSteps.CustomerAsync(page, "+77019998877", firstName: "Dana");

        await page.WaitForURLAsync("**/me");
        await Assertions.Expect(page.Locator("#member-greeting")).ToHaveTextAsync("Hello, Dana");
    }

    [Fact]
    public async Task PartnerUser_IsRefusedTheOperatorConsole()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");

        await page.GotoAsync("/operator");
        await Assertions.Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#operator-title")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WrongPassword_ShowsAClearMessage()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.CashierEmail, "not-the-password");

        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("e-mail or password");
    }
}
