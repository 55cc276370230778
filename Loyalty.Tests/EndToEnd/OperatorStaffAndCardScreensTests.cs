using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class OperatorStaffAndCardScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Administrator_ChangesAStaffRole_AfterConfirming_AndFindsItInTheDataLog()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(page, "/operator/settings");

        var me = page.Locator($"#staff tr[data-email='{DemoSeeder.OperatorEmail}']");
        await Assertions.Expect(me).ToContainTextAsync("Administrator");
        await Assertions.Expect(me.Locator(".change-role")).ToHaveCountAsync(0);

        var desk = page.Locator($"#staff tr[data-email='{DemoSeeder.OperatorDeskEmail}']");
        await Assertions.Expect(desk.Locator(".staff-role")).ToHaveTextAsync("Staff");
        // Cancelling the confirmation changes nothing.
        await desk.Locator(".change-role").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("Make Dina (operator desk) an administrator?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Locator(".staff-role")).ToHaveTextAsync("Staff");

        await desk.Locator(".change-role").ClickAsync();
        // Wait for the dialog to settle before confirming; under a busy machine the server's answer may take a while.
        await Assertions.Expect(dialog).ToContainTextAsync("Make Dina (operator desk) an administrator?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Make administrator" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByText($"{DemoSeeder.OperatorDeskEmail} is now Administrator.")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(desk.Locator(".staff-role")).ToHaveTextAsync("Administrator");

        // And back, so the demo keeps one member of staff without the administrator role.
        await desk.Locator(".change-role").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Make Dina (operator desk) staff?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Make staff" }).ClickAsync();
        await Assertions.Expect(desk.Locator(".staff-role")).ToHaveTextAsync("Staff", new() { Timeout = 20_000 });

        await SignInSteps.OpenAsync(page, "/operator/audit");
        await page.Locator("#audit-search").FillAsync("Staff → Administrator");
        var found = page.Locator("#audit-grid tbody tr");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        await Assertions.Expect(found.First).ToContainTextAsync("staff.role-changed");
        await Assertions.Expect(found.First).ToContainTextAsync(DemoSeeder.OperatorDeskEmail);
        await Assertions.Expect(found.First).ToContainTextAsync(DemoSeeder.OperatorEmail);
    }

    [Fact]
    public async Task Operator_DownloadsABatchsSheets_FromTheCardsPage()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(page, "/operator/cards");

        var row = page.Locator("#card-batches tbody tr", new() { HasText = "Launch print run (demo)" });
        await row.Locator(".card-sheets button").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Menuitem, new() { Name = "Bar code only (Code 128), ZIP" }).ClickAsync());
        Assert.Equal($"cards-{Loyalty.Core.Customers.CardNumber.Complete("642100000000000")}-sheets.zip", download.SuggestedFilename);
        using var zip = System.IO.Compression.ZipFile.OpenRead(await download.PathAsync());
        Assert.Equal(4, zip.Entries.Count); // 40 demo cards, ten to a sheet
    }
}
