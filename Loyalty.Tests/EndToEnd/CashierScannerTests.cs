using Loyalty.Core.Customers;
using Loyalty.Data.Demo;
using Microsoft.Playwright;
using QRCoder;

namespace Loyalty.Tests.EndToEnd;

/// <summary>
/// The cashier view's camera scanner against a camera that films a card's QR code: Chromium's fake capture device plays a
/// video made here from the demo member's plastic card number, the page decodes it (jsQR: headless Chromium on Linux has
/// no BarcodeDetector) and identifies the member without anything typed.
/// </summary>
[Collection(BrowserCollection.Name)]
public class CashierScannerTests(BrowserFixture browser)
{
    [Fact]
    public async Task Cashier_ScansTheMembersCard_WithTheCamera_AndRingsUpThePurchase()
    {
        // The seeder links card 642000000000001 (+ check digit) to the first demo member, Aigerim (+77010000001).
        var card = CardNumber.Complete("642000000000001");
        var video = Path.Combine(Path.GetTempPath(), $"card-qr-{Guid.NewGuid():N}.y4m");
        await File.WriteAllBytesAsync(video, QrVideo(card));
        try
        {
            await using var camera = await browser.LaunchWithCameraAsync(video);
            var context = await camera.NewContextAsync(new() { BaseURL = browser.App.BaseUrl, ViewportSize = new() { Width = 390, Height = 844 } });
            context.SetDefaultTimeout(20_000);
            var page = await context.NewPageAsync();
            await SignInSteps.StaffAsync(page, DemoSeeder.CashierEmail);
            await page.WaitForURLAsync("**/partner/cashier");
            await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

            await page.ClickAsync("#cashier-scan");
            await Assertions.Expect(page.Locator("#member-name")).ToContainTextAsync("Aigerim");
            await Assertions.Expect(page.Locator("#cashier-identifier")).ToHaveValueAsync(card);
            await Assertions.Expect(page.Locator("#scanner-video")).ToHaveCountAsync(0); // the camera is off once read

            await page.Locator("#cashier-amount").FillAsync("500");
            await Assertions.Expect(page.Locator("#quote-pay")).ToContainTextAsync("500.00");
            await page.ClickAsync("#cashier-confirm");
            await Assertions.Expect(page.Locator("#cashier-done")).ToContainTextAsync("Purchase recorded");
        }
        finally
        {
            File.Delete(video);
        }
    }

    /// <summary>A few frames of a 640×480 YUV4MPEG2 video showing the text as a black-on-white QR code, 8 px per module.</summary>
    private static byte[] QrVideo(string text)
    {
        const int width = 640, height = 480, scale = 8;
        using var generator = new QRCodeGenerator();
        var modules = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M).ModuleMatrix;
        var size = modules.Count * scale;
        var (left, top) = ((width - size) / 2, (height - size) / 2);
        var luma = new byte[width * height];
        Array.Fill(luma, (byte)235);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (modules[y / scale][x / scale]) luma[(top + y) * width + left + x] = 16;
        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);

        using var file = new MemoryStream();
        var header = System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n");
        file.Write(header);
        for (var frame = 0; frame < 10; frame++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }
        return file.ToArray();
    }
}
