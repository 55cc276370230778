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

    /// <summary>Code 128 (the shared encoder in Core, 0170): what every till's hand scanner reads.</summary>
    public static string BarcodeSvg(string text)
    {
        var widths = Loyalty.Core.Customers.Code128.Widths(text);
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
