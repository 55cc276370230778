using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Partners;
using Loyalty.Core.Settlements;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Settlements;

public class StatementDownloadTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Statement_IsAnExcelFileWithTheFigures_ForTheOperatorAndItsOwnPartnerOnly()
    {
        var (mine, other, settlementId) = await TwoPartnersWithAStatementAsync();
        await _app.CreateStaffAsync("ops@test.local", Roles.OperatorStaff);
        await _app.CreateStaffAsync("admin@mine.local", Roles.PartnerAdmin, mine);
        await _app.CreateStaffAsync("admin@other.local", Roles.PartnerAdmin, other);
        var url = $"/files/settlements/{settlementId}/statement.xlsx";

        var operatorClient = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(operatorClient, "ops@test.local", "Passw0rd!");
        var file = await operatorClient.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType!.MediaType);
        using (var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync()))
        {
            var sheet = workbook.Worksheet(1);
            var cells = sheet.CellsUsed().ToDictionary(c => c.Address.ToString()!, c => c.Value);
            Assert.Contains(cells.Values, v => v is string s && s == "Net: the partner pays the operator");
            // 1,234.56 points at 1.37 KZT = 1,691.35 KZT (1,691.3472 rounded); fee 2.75 % = 46.51; redeemed 100 points = 137.00.
            Assert.Contains(cells.Values, v => v is double d && Math.Abs(d - 1691.35) < 0.0001);
            Assert.Contains(cells.Values, v => v is double d && Math.Abs(d - (1691.35 + 46.51 - 137.00)) < 0.0001);
        }

        var mineClient = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(mineClient, "admin@mine.local", "Passw0rd!");
        Assert.Equal(HttpStatusCode.OK, (await mineClient.GetAsync(url)).StatusCode);

        var otherClient = _app.CreateBrowserLikeClient();
        await FormSignIn.StaffAsync(otherClient, "admin@other.local", "Passw0rd!");
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync(url)).StatusCode);

        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "settlement.statement-downloaded"));
    }

    private async Task<(Guid Mine, Guid Other, Guid SettlementId)> TwoPartnersWithAStatementAsync()
    {
        await using var db = _app.Services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var now = DateTime.UtcNow;
        var mine = new Partner("Mine Mart", "mine-mart", BusinessArea.FoodRetail, "KZ", "KZT", "Asia/Almaty", now);
        mine.SetContract(137, 275);
        var other = new Partner("Other Mart", "other-mart", BusinessArea.FoodRetail, "KZ", "KZT", "Asia/Almaty", now);
        var period = new SettlementPeriod(2026, 10);
        var settlement = new Settlement(mine.Id, period.Start, period.End, "KZT", 137, 275, 1_234_56, 100_00, now);
        db.Partners.AddRange(mine, other);
        db.Settlements.Add(settlement);
        await db.SaveChangesAsync();
        return (mine.Id, other.Id, settlement.Id);
    }
}
