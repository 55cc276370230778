using System.Globalization;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class CampaignCalendarScreensTests(BrowserFixture browser)
{
    /// <summary>
    /// The calendar's drag and drop in a real browser (MudBlazor's HTML5 drop zones): a new draft, dragged by its first day
    /// to another day, starts there (in the database and on the redrawn calendar) and keeps its length (0064).
    /// </summary>
    [Fact]
    public async Task PartnerAdmin_DragsADraftToAnotherDay_AndItStartsThereWithTheSameLength()
    {
        var name = "Drag me " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync(1366, 1000);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");
        await SignInSteps.OpenAsync(page, "/partner/campaigns/new");
        await page.Locator("#campaign-name").FillAsync(name);
        await page.Locator("#campaign-reward-value").FillAsync("5");
        await page.ClickAsync("#campaign-save");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/partner/campaigns/[0-9a-fA-F-]{36}$")); // moved in the page
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var (startedAt, length) = await DatesAsync(id);

        await SignInSteps.OpenAsync(page, "/partner/campaigns/calendar");
        var draft = page.Locator(".cc-item.cc-movable", new() { HasText = name });
        await Assertions.Expect(draft).ToHaveCountAsync(1);
        // Tomorrow, unless today is the grid's last day (then yesterday: a draft may start in the past).
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var target = await page.Locator(Zone(today.AddDays(1))).CountAsync() > 0 ? today.AddDays(1) : today.AddDays(-1);
        await draft.DragToAsync(page.Locator(Zone(target)));

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("now starts on");
        await Assertions.Expect(page.Locator(Zone(target)).Locator(".cc-item", new() { HasText = name })).ToHaveCountAsync(1);
        // Redrawn from the new dates: moved to tomorrow, its old first day (today) no longer shows it.
        if (target > today) await Assertions.Expect(page.Locator(Zone(today)).Locator(".cc-item", new() { HasText = name })).ToHaveCountAsync(0);
        var (movedTo, movedLength) = await DatesAsync(id);
        Assert.Equal(target.ToDateTime(TimeOnly.FromTimeSpan(startedAt.TimeOfDay)), movedTo);
        Assert.Equal(length, movedLength);
    }

    private static string Zone(DateOnly day) => "#day-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The start and, for a campaign with an end, its length (a new campaign runs until stopped: no end).</summary>
    private async Task<(DateTime Start, TimeSpan? Length)> DatesAsync(string campaignId)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={browser.App.DatabasePath}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = """SELECT "StartsAt", "EndsAt" FROM "Campaigns" WHERE upper("Id") = upper($id)""";
        command.Parameters.AddWithValue("$id", campaignId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "The saved campaign should be in the database.");
        var start = reader.GetDateTime(0);
        return (start, reader.IsDBNull(1) ? null : reader.GetDateTime(1) - start);
    }
}
