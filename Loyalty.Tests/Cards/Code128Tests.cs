using Loyalty.Core.Customers;
using Loyalty.Web.Cards;
using QRCoder;

namespace Loyalty.Tests.Cards;

public class Code128Tests
{
    private static string Bits(bool[] modules) => new(modules.Select(m => m ? '1' : '0').ToArray());

    [Fact]
    public void Digits_AreEncodedInCodeSetC_WithTheModulo103CheckSymbol()
    {
        // Start C (105) + 12 + 34, check = (105 + 1·12 + 2·34) mod 103 = 82, stop (106).
        Assert.Equal([105, 12, 34, 82, 106], Code128.Symbols("1234"));
        var quiet = new string('0', Code128.QuietZone);
        // The standard's bar patterns of Start C, 12, 34, 82 and Stop, between two quiet zones.
        Assert.Equal(quiet + "11010011100" + "10110011100" + "10001011000" + "10010011110" + "1100011101011" + quiet, Bits(Code128.Modules("1234")));
    }

    [Fact]
    public void OddLengthOrText_FallsBackToCodeSetB()
    {
        // Start B (104) + "1","2","3" = 17, 18, 19; check = (104 + 17 + 2·18 + 3·19) mod 103 = 8.
        Assert.Equal([104, 17, 18, 19, 8, 106], Code128.Symbols("123"));
        Assert.Throws<ArgumentException>(() => Code128.Symbols("é"));
    }

    [Fact]
    public void ACardNumber_Is143ModulesWithQuietZones_AndEverySymbolIsElevenModules()
    {
        var number = CardNumber.Complete("642100000000000");
        var modules = Code128.Modules(number);
        // 10 quiet + start + 8 pairs + check (11 each) + stop (13) + 10 quiet.
        Assert.Equal(10 + 10 * 11 + 13 + 10, modules.Length);
        Assert.True(modules[10] && !modules[9] && modules[^11] && !modules[^10], "bars start and end right at the quiet zones");
        // Every symbol value 0..102 in a digit pair round-trips through its 11 modules: bar first, space last.
        for (var v = 0; v < 100; v++)
        {
            var m = Code128.Modules(v.ToString("D2"));
            Assert.Equal(10 + 11 * 3 + 13 + 10, m.Length);
            Assert.True(m[21] && !m[31], $"symbol {v} starts with a bar and ends with a space");
        }
    }

    [Theory]
    [InlineData("642100000000000")]
    [InlineData("642100000012345")]
    [InlineData("999999999999999")]
    [InlineData("000000000000000")]
    public async Task TheBarcode_ScansBackAsTheCardNumber(string body)
    {
        var number = CardNumber.Complete(body);
        var found = await BarcodeScanner.ScanSvgAsync(Code128.Svg(number));
        Assert.Equal(["CODE-128:" + number], found);
    }

    [Theory]
    [InlineData(CardCodes.Both)]
    [InlineData(CardCodes.Code128)]
    [InlineData(CardCodes.Qr)]
    public async Task EveryCardOnASheet_Scans_InTheChosenCodes(CardCodes codes)
    {
        var numbers = Enumerable.Range(0, CardSheet.CardsPerSheet).Select(i => CardNumber.Complete((642_100_000_000_000L + i * 7919).ToString("D15"))).ToList();
        using var qr = new QRCodeGenerator();
        var svg = CardSheet.Render("Print order <1> & co", numbers, codes, 3, 12, qr);

        var found = await BarcodeScanner.ScanSvgAsync(svg);

        var expected = new List<string>();
        if (codes != CardCodes.Qr) expected.AddRange(numbers.Select(n => "CODE-128:" + n));
        if (codes != CardCodes.Code128) expected.AddRange(numbers.Select(n => "QR-Code:" + n));
        Assert.Equal(expected.Order(), found.Order());
        Assert.Contains("Print order &lt;1&gt; &amp; co · sheet 3 of 12", svg);
    }
}
