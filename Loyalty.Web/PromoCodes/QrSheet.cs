using System.Globalization;
using System.Text;
using Loyalty.Core.PromoCodes;
using QRCoder;

namespace Loyalty.Web.PromoCodes;

/// <summary>
/// A print-ready SVG sheet of QR tiles (QR of the activation URL, the code printed under it) for a sample or a small
/// batch. It is built from the batch's protected CSV once generation finishes and stored next to it.
/// </summary>
public sealed class QrSheet(PrintFiles files)
{
    private const int Columns = 5;
    private const int TileMm = 38;
    private const int CaptionMm = 6;

    public async Task WriteIfSmallAsync(int batchNumber, int maxCodes, CancellationToken ct)
    {
        var codes = files.ReadCodes(batchNumber).Take(maxCodes + 1).ToList();
        if (codes.Count == 0 || codes.Count > maxCodes) return;
        var svg = Render(codes.Select(c => (c.Code, c.Url)).ToList());
        var path = files.QrSheetPath(batchNumber);
        await using var stream = files.CreateTemporary(path);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(svg), ct);
        await stream.DisposeAsync();
        PrintFiles.Publish(path);
    }

    /// <summary>One SVG, millimetre units, tiles in rows of five: prints at true size on A4 and cuts into labels.</summary>
    public static string Render(IReadOnlyList<(string Code, string Url)> codes)
    {
        var rows = (codes.Count + Columns - 1) / Columns;
        var width = Columns * TileMm;
        var height = rows * (TileMm + CaptionMm);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}mm\" height=\"{height}mm\" viewBox=\"0 0 {width} {height}\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        using var generator = new QRCodeGenerator();
        for (var i = 0; i < codes.Count; i++)
        {
            var (code, url) = codes[i];
            using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
            var matrix = data.ModuleMatrix;
            var size = matrix.Count;
            var x0 = i % Columns * TileMm + 3.0;
            var y0 = i / Columns * (TileMm + CaptionMm) + 3.0;
            var module = (TileMm - 6.0) / size;
            var path = new StringBuilder();
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                    if (matrix[y][x])
                        path.Append(CultureInfo.InvariantCulture, $"M{x0 + x * module:0.###} {y0 + y * module:0.###}h{module:0.###}v{module:0.###}h-{module:0.###}z");
            svg.Append("<path fill=\"#000\" d=\"").Append(path).Append("\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x0 + (TileMm - 6) / 2.0:0.###}\" y=\"{y0 + TileMm - 2:0.###}\" font-family=\"monospace\" font-size=\"3\" text-anchor=\"middle\">{code}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }
}
