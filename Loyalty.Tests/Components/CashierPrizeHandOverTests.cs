using Bunit;
using Loyalty.Core.Contests;
using Loyalty.Core.Identity;
using Loyalty.Web.Partner.Cashier;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace Loyalty.Tests.Components;

/// <summary>
/// A cashier has the cashier view only (0082), so a physical prize of the partner's contest is handed over there: the
/// member is identified as for a purchase, their prize shows beside them, and the hand-over is recorded with the
/// cashier's name, once (0290). Rendered with bUnit against the real use cases and a real SQLite file.
/// </summary>
public class CashierPrizeHandOverTests : DatabaseComponentTest
{
    protected override (string Email, string Role)? SignedInStaff => ("till-1@test.local", Roles.PartnerCashier);

    /// <summary>A month-long "most visits" leaderboard at the partner, closed with Dana first: a coffee machine to collect.</summary>
    private async Task<Guid> DanaWinsACoffeeMachineAsync()
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        await Database.Get<SaveContest>().HandleAsync(Scenario.Partner.Id, null, new ContestForm
        {
            Title = "Most visits in May",
            Kind = ContestKind.Leaderboard,
            StartsAt = now.AddHours(1),
            EndsAt = now.AddDays(10),
            Metric = LeaderboardMetric.MostVisits,
            Prizes = [new PrizeForm { Kind = PrizeKind.Physical, Title = "Coffee machine", Quantity = 1 }],
        }, "marketer@test.local");
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var dana = await Scenario.RegisterAsync("+77010000301", "Dana");
        await Scenario.BuyAsync(dana.Id, 500);
        Database.Clock.Advance(TimeSpan.FromDays(10));
        await Database.Get<CloseContests>().HandleAsync();
        return dana.Id;
    }

    [Fact]
    public async Task TheCashier_FindsTheWinner_SeesThePrize_AndHandsItOverOnce_InTheirOwnName()
    {
        var dana = await DanaWinsACoffeeMachineAsync();
        var dialogs = Render<MudDialogProvider>();
        var till = Render<CashierPage>();

        till.WaitForAssertion(() => Assert.Contains("Central", till.Find("#cashier-store").TextContent));
        await till.InvokeAsync(() => till.Find("#cashier-identifier").Input("+77010000301"));
        await till.InvokeAsync(() => till.Find("#cashier-find").Click());
        till.WaitForAssertion(() => Assert.Contains("Coffee machine", till.Find("#cashier-prizes").TextContent));
        Assert.Contains("Most visits in May, place 1", till.Find("#cashier-prizes").TextContent);

        await till.InvokeAsync(() => till.Find("#cashier-prizes .hand-over").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Dana", dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Handed over")).Click());

        till.WaitForAssertion(() => Assert.Empty(till.FindAll("#cashier-prizes")));
        await using var db = Database.Open();
        var winner = await db.ContestWinners.AsNoTracking().SingleAsync(w => w.CustomerId == dana);
        Assert.Equal((WinnerStatus.HandedOver, "till-1@test.local"), (winner.Status, winner.HandedOverBy));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == "contest.prize-handed-over" && e.CustomerId == dana));
    }
}
