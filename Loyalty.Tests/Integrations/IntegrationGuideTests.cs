using System.Diagnostics;
using System.Text.RegularExpressions;
using Loyalty.Core.Common;
using Loyalty.Core.Imports;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>Runs every bash block of docs/integration-guide.md with real curl against the app on loopback.</summary>
public class IntegrationGuideTests : IntegrationTestApp
{
    [Fact]
    public async Task GuideExamples_RunAgainstTheRealApi()
    {
        await Scenario.RegisterAsync("+77010000001", "Demo");
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            db.Stores.Add(new Store(Scenario.Partner.Id, "Online", "Almaty", "web", "Asia/Almaty"));
            await db.SaveChangesAsync();
        }
        // What the offer catalogue example lists: a running campaign and a published offer post.
        var now = DateTime.UtcNow;
        var campaign = await Service<Core.Campaigns.SaveCampaign>().HandleAsync(Scenario.Partner.Id, null, new Core.Campaigns.CampaignForm("Double points weekend", null,
            Core.Campaigns.CampaignType.PurchaseBonus, now.AddDays(-1), now.AddDays(9), Core.Campaigns.RewardKind.Multiplier, 2, MinAmount: 5_000m));
        await Service<Core.Campaigns.ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, campaign, Core.Campaigns.CampaignAction.Launch);
        await Service<Core.News.ManagePartnerPosts>().SaveAsync(Scenario.Partner.Id, null,
            new Core.News.PostForm(Core.News.PostKind.Offer, "Winter coats −20 %", "All coats until the end of the month.", now.AddHours(-1), null, null), "test");
        var guide = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "integration-guide.md"));
        var blocks = Regex.Matches(guide, "```bash\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 5, "the guide lost its examples");
        var script = "set -euo pipefail\n" + string.Join("\n", blocks);

        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["BASE"] = BaseUrl;
        start.Environment["KEY"] = Key;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await output}\n{await errors}");
        Assert.Contains("\"name\":\"Double points weekend\",", await output);
        Assert.Contains("\"title\":\"Winter coats −20 %\"", await output);

        await Service<RunImports>().HandleAsync();
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            Assert.True(await db.Purchases.AnyAsync(p => p.ReceiptNumber == "WEB-100234" && p.RefundedAmount == 2_500_00));
            Assert.True(await db.Customers.AnyAsync(c => c.Phone == "+77015550123" && c.LastName == "Sadykova"));
            var import = await db.DataImports.SingleAsync();
            Assert.Equal(ImportStatus.Completed, import.Status);
            Assert.Equal(1, import.ImportedRows);
            Assert.Equal(1, import.RejectedRows);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Loyalty.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Loyalty.sln not found above the test folder.");
    }
}
