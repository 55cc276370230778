using Bunit;
using Loyalty.Core.Customers;
using Loyalty.Web.Me.Card;

namespace Loyalty.Tests.Components;

public class MemberCardComponentTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor (inside MudList) can only be disposed asynchronously.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    private static readonly DateTime Now = new(2026, 11, 24, 10, 0, 10, DateTimeKind.Utc);

    [Fact]
    public void Card_ShowsTheTokenAsQrAndBarcode_WithTheSecondsLeft_AndOnlyActivePlasticCards()
    {
        var card = new VirtualCardView("OC1234567890123456", Now.AddSeconds(20), "Dana Kim",
        [
            new PlasticCardView(Guid.NewGuid(), "6420000000001234", CardStatus.Active, Now),
            new PlasticCardView(Guid.NewGuid(), "6420000000009999", CardStatus.Blocked, Now),
        ]);

        var panel = Render<VirtualCardPanel>(p => p.Add(c => c.Card, card).Add(c => c.Now, Now));

        Assert.Equal("OC1234567890123456", panel.Find("#card-qr").GetAttribute("data-token"));
        Assert.NotNull(panel.Find("#card-qr svg path"));
        Assert.NotNull(panel.Find("#card-barcode svg path"));
        Assert.Equal("OC 1234 567890 123456", panel.Find("#card-token").TextContent.Trim());
        Assert.Contains("20 s", panel.Find("#card-countdown").TextContent);
        Assert.Contains("6420 •••• •••• 1234", panel.Markup);
        Assert.DoesNotContain("9999", panel.Markup);
    }

    [Fact]
    public void Barcode_IsCode128_WithTheRightChecksum()
    {
        // Start B, 'O'(47), 'C'(35), checksum (104 + 47*1 + 35*2) % 103 = 15, stop: 5 symbols of 11 modules + stop's 13.
        var widths = Loyalty.Core.Customers.Code128.Widths("OC");
        Assert.Equal(4 * 11 + 13, widths.Sum());
        Assert.Equal([2, 1, 1, 2, 1, 4], widths.Take(6));   // start B
        Assert.Equal([1, 1, 3, 2, 2, 2], widths.Skip(18).Take(6)); // value 15
    }

    [Fact]
    public void Balance_ShowsBothAccounts_TheTier_AndPointsAboutToExpire()
    {
        var home = new MemberHome("Dana", "+7 701 *** ** 01", Now.AddYears(-1), 12_345_67, 4_00, 1_500_00, Now.AddDays(10),
            new TierProgressView("Silver", 700, "Gold", 300_000_00, 500_000_00, "KZT"), 12, 3, []);

        var panel = Render<BalancePanel>(p => p.Add(c => c.Home, home));

        Assert.Equal("12,345.67", panel.Find("#main-balance").TextContent.Trim());
        Assert.Equal("4", panel.Find("#promo-balance").TextContent.Trim());
        Assert.Contains("Silver", panel.Find("#tier-name").TextContent);
        Assert.Contains("7% back", panel.Find("#tier-name").TextContent);
        Assert.Contains("1,500", panel.Find("#expiring-soon").TextContent);
        Assert.Contains("Gold", panel.Find("#tier-progress").TextContent);
        Assert.Contains("200,000.00", panel.Find("#tier-progress").TextContent);
    }

    [Fact]
    public void History_SaysWhatHappened_WithSignedPoints_AndOpensTheReceiptOfAPurchase()
    {
        var purchaseId = Guid.NewGuid();
        Guid? opened = null;
        HistoryRow[] rows =
        [
            new(2, Now, MovementKind.Spent, "Points spent at Magnum Fresh", "Magnum Fresh", -100_00, 0, purchaseId),
            new(1, Now.AddDays(-1), MovementKind.Promo, "Promo code: Altyn Dairy Milk", null, 0, 2_00, null),
        ];

        var list = Render<HistoryList>(p => p.Add(c => c.Rows, rows).Add(c => c.OnReceipt, (Guid id) => opened = id));

        var items = list.FindAll(".history-row");
        Assert.Equal(2, items.Count);
        Assert.Contains("Points spent at Magnum Fresh", items[0].TextContent);
        Assert.Contains("−100", items[0].TextContent);
        Assert.Contains("Receipt", items[0].TextContent);
        Assert.Contains("+2 promo", items[1].TextContent);
        items[0].Click();
        Assert.Equal(purchaseId, opened);
    }

    [Fact]
    public void History_Empty_SaysSo()
    {
        var list = Render<HistoryList>(p => p.Add(c => c.Rows, Array.Empty<HistoryRow>()));
        Assert.Contains("Nothing here yet.", list.Find("#history-empty").TextContent);
    }
}
