using System.Net.Http.Json;
using System.Security.Cryptography;
using Loyalty.Data.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class ContestScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Operator_CreatesADraw_TillPurchasesEarnEntries_TheCloseJobDraws_AndThePortalShowsTheWinner()
    {
        // The operator creates a draw that starts now (the console works in UTC).
        var staff = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(staff, DemoSeeder.OperatorEmail);
        await staff.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(staff, "/operator/contests/new");
        var title = "E2E draw " + Guid.NewGuid().ToString("N")[..6];
        var start = DateTime.UtcNow;
        await staff.Locator("#contest-title").FillAsync(title);
        await staff.Locator("#contest-starts").FillAsync(start.ToString("yyyy-MM-ddTHH:mm"));
        await staff.Locator("#contest-ends").FillAsync(start.AddDays(1).ToString("yyyy-MM-ddTHH:mm"));
        await staff.ClickAsync("#contest-save");
        // A nameless prize is refused with a message, nothing is created.
        await Assertions.Expect(staff.GetByText("Name the prize")).ToBeVisibleAsync();
        await staff.Locator("#prize-title-0").FillAsync("1,000 points");
        await staff.Locator("#prize-points-0").FillAsync("1000");
        await staff.ClickAsync("#contest-save");
        // The editor leaves for the new contest's page (it used to stay: the browser's datetime-local value carried
        // seconds, which the editor's exact "yyyy-MM-ddTHH:mm" parse refused as "choose when the contest starts").
        // Blazor moves there in the page (pushState), which WaitForURL sometimes missed, waiting for a load event that never
        // came (the same flake as the support desk's); the address is polled instead.
        await Assertions.Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/operator/contests/[0-9a-fA-F-]{36}$"), new() { Timeout = 30_000 });
        var id = Guid.Parse(staff.Url.Split('/').Last());
        await Assertions.Expect(staff.Locator("#contest-heading")).ToHaveTextAsync(title);
        var commitment = await staff.Locator("#draw-commitment").TextContentAsync();

        // Two purchases through the POS API: each is one entry, and the member sees them.
        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.PosKey);
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases")
            {
                Content = JsonContent.Create(new { customer = DemoSeeder.CustomerPhone, receiptNumber = "E2E-" + Guid.NewGuid().ToString("N")[..10], amount = 4200m, redeemPoints = 0m }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var sold = await http.SendAsync(request);
            Assert.True(sold.IsSuccessStatusCode, await sold.Content.ReadAsStringAsync());
        }
        var member = await browser.NewPageAsync(390, 844);
        await SignInSteps.CustomerAsync(member, DemoSeeder.CustomerPhone);
        await member.WaitForURLAsync("**/me");
        await EventuallyAsync(member, $"/me/contests/{id}", async () => await member.Locator("#my-entry-count").TextContentAsync() == "2");

        // The period ends (moved to the past instead of waiting a day); the close job freezes, reveals and draws.
        await using (var db = new SqliteConnection($"Data Source={browser.App.DatabasePath}"))
        {
            await db.OpenAsync();
            await using var end = db.CreateCommand();
            end.CommandText = """UPDATE "Contests" SET "EndsAt" = $end WHERE "Id" = $id""";
            end.Parameters.AddWithValue("$end", DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF"));
            end.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
            Assert.Equal(1, await end.ExecuteNonQueryAsync());
        }

        var portal = await browser.NewPageAsync(390, 844);
        await EventuallyAsync(portal, $"/draws/{id}", async () => await portal.Locator("#draw-winners li").CountAsync() > 0);
        // One member took part and one prize per member applies: one winner, with a masked phone.
        await Assertions.Expect(portal.Locator("#draw-winners li")).ToHaveCountAsync(1);
        await Assertions.Expect(portal.Locator("#draw-winners")).ToContainTextAsync("+7 701 ••• •• 01");
        await Assertions.Expect(portal.Locator("#draw-winners")).Not.ToContainTextAsync("7010000001");
        Assert.Equal(commitment, await portal.Locator("#draw-commitment").TextContentAsync());
        var seed = await portal.Locator("#draw-seed").TextContentAsync();
        Assert.Equal(commitment, Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(seed!))));
        var list = await http.GetByteArrayAsync($"/draws/{id}/entries.csv");
        Assert.Equal(await portal.Locator("#draw-list-hash").TextContentAsync(), Convert.ToHexStringLower(SHA256.HashData(list)));
        Assert.Equal(3, System.Text.Encoding.UTF8.GetString(list).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    /// <summary>Jobs run in the background every 2 s: reload until the page shows their work (up to 30 s).</summary>
    private static async Task EventuallyAsync(IPage page, string path, Func<Task<bool>> done)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await SignInSteps.OpenAsync(page, path);
            if (await done()) return;
            await Task.Delay(1000);
        }
        Assert.Fail($"{path} did not show the expected state in time.");
    }
}
