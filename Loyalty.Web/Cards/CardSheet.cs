using System.Globalization;
using System.Text;
using Loyalty.Core.Customers;
using QRCoder;

namespace Loyalty.Web.Cards;

/// <summary>Which machine-readable codes go on each card: the printer's choice (0170).</summary>
public enum CardCodes
{
    /// <summary>Code 128 for laser/CCD scanners and QR for phone cameras, side by side.</summary>
    Both,
    Code128,
    Qr,
}

/// <summary>
/// One printable page of a card batch (0170): an A4 sheet of ten cards at true ID-1 size (85.6 × 54 mm, 2 × 5) with
/// thin cut guides, each card with its number as printed, a Code 128 bar code (set C) and/or a QR code of the number.
/// A footer names the batch, the sheet and its first and last number so a misprinted sheet can be reprinted alone.
/// </summary>
public static class CardSheet
{
    public const int CardsPerSheet = 10;
    private const double PageWidth = 210, PageHeight = 297;
    private const double CardWidth = 85.6, CardHeight = 53.98, CornerRadius = 3.18;
    private const int Columns = 2;
    private const double Left = (PageWidth - Columns * CardWidth) / 2, Top = 12;

    /// <summary>0.33 mm modules (the usual X-dimension for card printers); 0.4 mm when the bar code is alone on the card.</summary>
    private const double Module = 0.33, WideModule = 0.4;

    /// <summary>"both" (or nothing), "code128" or "qr", as in the download links' <c>codes</c> parameter.</summary>
    public static bool TryParseCodes(string? value, out CardCodes codes)
    {
        codes = value?.ToLowerInvariant() switch
        {
            null or "" or "both" => CardCodes.Both,
            "code128" => CardCodes.Code128,
            "qr" => CardCodes.Qr,
            _ => (CardCodes)(-1),
        };
        return Enum.IsDefined(codes);
    }

    public static int Sheets(int cards) => (cards + CardsPerSheet - 1) / CardsPerSheet;

    public static string Render(string batchName, IReadOnlyList<string> numbers, CardCodes codes, int sheet, int sheets, QRCodeGenerator qr)
    {
        var svg = new StringBuilder(codes == CardCodes.Code128 ? 16_000 : 60_000);
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{PageWidth}mm\" height=\"{PageHeight}mm\" viewBox=\"0 0 {PageWidth} {PageHeight}\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        for (var i = 0; i < numbers.Count; i++)
        {
            var x = Left + i % Columns * CardWidth;
            var y = Top + i / Columns * CardHeight;
            Card(svg, numbers[i], codes, x, y, qr);
        }
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{PageWidth / 2}\" y=\"{PageHeight - 8}\" font-family=\"sans-serif\" font-size=\"3\" fill=\"#555\" text-anchor=\"middle\">{Escape(batchName)} · sheet {sheet:N0} of {sheets:N0} · {numbers[0]} … {numbers[^1]}</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Card(StringBuilder svg, string number, CardCodes codes, double x, double y, QRCodeGenerator qr)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{CardWidth}\" height=\"{CardHeight}\" rx=\"{CornerRadius}\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.2\"/>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x + 6:0.##}\" y=\"{y + 11:0.##}\" font-family=\"monospace\" font-size=\"4.6\" font-weight=\"bold\" letter-spacing=\"0.3\">{CardPrintFileEndpoints.Printed(number)}</text>");
        switch (codes)
        {
            case CardCodes.Both:
                BarCode(svg, number, x + 2.7, y + 24, Module, 14);
                QrCode(svg, number, x + CardWidth - 5 - 24, y + (CardHeight - 24) / 2 + 4, 24, qr);
                break;
            case CardCodes.Code128:
                BarCode(svg, number, x + (CardWidth - Code128.Modules(number).Length * WideModule) / 2, y + 20, WideModule, 18);
                break;
            case CardCodes.Qr:
                QrCode(svg, number, x + CardWidth - 6 - 30, y + (CardHeight - 30) / 2 + 3, 30, qr);
                break;
        }
    }

    /// <summary>The bars start one quiet zone in from <paramref name="x"/>; the human-readable digits go under them.</summary>
    private static void BarCode(StringBuilder svg, string number, double x, double y, double module, double height)
    {
        svg.Append(Code128.SvgPath(number, x, y, module, height));
        var width = Code128.Modules(number).Length * module;
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{x + width / 2:0.##}\" y=\"{y + height + 3.4:0.##}\" font-family=\"monospace\" font-size=\"2.8\" text-anchor=\"middle\">{number}</text>");
    }

    private static void QrCode(StringBuilder svg, string number, double x, double y, double size, QRCodeGenerator qr)
    {
        using var data = qr.CreateQrCode(number, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        // Whole tenths of a millimetre per module, so every module edge falls on the same grid as its neighbours.
        var module = Math.Floor(size / matrix.Count * 10) / 10;
        var path = new StringBuilder();
        for (var row = 0; row < matrix.Count; row++)
        {
            var bits = matrix[row];
            for (var col = 0; col < matrix.Count;)
            {
                if (!bits[col]) { col++; continue; }
                var start = col;
                while (col < matrix.Count && bits[col]) col++;
                path.Append(CultureInfo.InvariantCulture, $"M{x + start * module:0.###} {y + row * module:0.###}h{(col - start) * module:0.###}v{module:0.###}h-{(col - start) * module:0.###}z");
            }
        }
        svg.Append("<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"").Append(path).Append("\"/>");
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
