using System.Globalization;
using System.Text;
using QRCoder;

namespace Loyalty.Web.Me.Card;

/// <summary>
/// Draws the card token as a QR code and a Code 128 barcode, both as inline SVG: crisp at any screen density, no image
/// files, nothing cached by the browser once the token has rotated.
/// </summary>
public static class CardCodes
{
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (matrix[y][x]) path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
        // ModuleMatrix already carries the four-module quiet zone scanners need.
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\">" +
               $"<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
    }

    /// <summary>Code 128 (set B): what every till's hand scanner reads.</summary>
    public static string BarcodeSvg(string text)
    {
        var widths = Code128.Encode(text);
        const int quiet = 10;
        var total = widths.Sum() + 2 * quiet;
        var path = new StringBuilder();
        var x = quiet;
        for (var i = 0; i < widths.Count; i++)
        {
            if (i % 2 == 0) path.Append(CultureInfo.InvariantCulture, $"M{x} 0h{widths[i]}v40h-{widths[i]}z");
            x += widths[i];
        }
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} 40\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\">" +
               $"<rect width=\"{total}\" height=\"40\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
    }
}

/// <summary>Code 128 subset B encoder: module widths (bar, space, bar, …) including start, checksum and stop.</summary>
public static class Code128
{
    // The standard symbol table (ISO/IEC 15417), values 0–106; 106 is the stop with its termination bar.
    private static readonly string[] Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    private const int StartB = 104;
    private const int Stop = 106;

    public static IReadOnlyList<int> Encode(string text)
    {
        var values = new List<int> { StartB };
        foreach (var c in text)
        {
            if (c is < ' ' or > '~') throw new ArgumentException("Code 128 B takes printable ASCII only.", nameof(text));
            values.Add(c - ' ');
        }
        var checksum = StartB;
        for (var i = 1; i < values.Count; i++) checksum += values[i] * i;
        values.Add(checksum % 103);
        values.Add(Stop);
        return values.SelectMany(v => Patterns[v].Select(ch => ch - '0')).ToList();
    }
}
