using System.Globalization;
using System.Text;

namespace Loyalty.Core.Customers;

/// <summary>
/// A Code 128 encoder for the barcodes printed on plastic cards (0170). Card numbers are all digits, so code set C
/// (two digits per symbol) gives the shortest bar code: 16 digits are start C + 8 symbols + check + stop = 123 modules.
/// Anything else (odd length, letters) falls back to code set B. The output is the module pattern (true = bar),
/// with the 10-module quiet zones a scanner needs on both sides, and an SVG of it in millimetres.
/// </summary>
public static class Code128
{
    public const int StartB = 104;
    public const int StartC = 105;
    public const int Stop = 106;

    /// <summary>The standard's minimum quiet zone each side, in modules.</summary>
    public const int QuietZone = 10;

    /// <summary>Bar/space widths of every symbol (ISO/IEC 15417 table); each sums to 11 modules, the stop to 13.</summary>
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

    /// <summary>The symbol values from start to stop, the modulo-103 check symbol included.</summary>
    public static IReadOnlyList<int> Symbols(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        var symbols = new List<int>(text.Length + 3);
        if (text.Length % 2 == 0 && text.All(char.IsAsciiDigit))
        {
            symbols.Add(StartC);
            for (var i = 0; i < text.Length; i += 2) symbols.Add((text[i] - '0') * 10 + (text[i + 1] - '0'));
        }
        else
        {
            if (text.Any(c => c is < ' ' or > '~')) throw new ArgumentException("Code 128 set B takes printable ASCII only.", nameof(text));
            symbols.Add(StartB);
            symbols.AddRange(text.Select(c => c - ' '));
        }
        var sum = symbols[0];
        for (var i = 1; i < symbols.Count; i++) sum += symbols[i] * i;
        symbols.Add(sum % 103);
        symbols.Add(Stop);
        return symbols;
    }

    /// <summary>Bar, space, bar, … widths in modules from the start symbol to the stop, without the quiet zones.</summary>
    public static IReadOnlyList<int> Widths(string text) => Symbols(text).SelectMany(s => Patterns[s].Select(w => w - '0')).ToList();

    /// <summary>The modules left to right, quiet zones included: true is a bar, false a space.</summary>
    public static bool[] Modules(string text)
    {
        var modules = new List<bool>(160);
        modules.AddRange(Enumerable.Repeat(false, QuietZone));
        foreach (var symbol in Symbols(text))
        {
            var bar = true;
            foreach (var width in Patterns[symbol])
            {
                modules.AddRange(Enumerable.Repeat(bar, width - '0'));
                bar = !bar;
            }
        }
        modules.AddRange(Enumerable.Repeat(false, QuietZone));
        return modules.ToArray();
    }

    /// <summary>The bars as one SVG path at (x, y), <paramref name="module"/> wide per module; the quiet zones are left blank.</summary>
    public static string SvgPath(string text, double x, double y, double module, double height)
    {
        var modules = Modules(text);
        var path = new StringBuilder();
        for (var i = 0; i < modules.Length;)
        {
            if (!modules[i]) { i++; continue; }
            var start = i;
            while (i < modules.Length && modules[i]) i++;
            path.Append(CultureInfo.InvariantCulture, $"M{x + start * module:0.###} {y:0.###}h{(i - start) * module:0.###}v{height:0.###}h-{(i - start) * module:0.###}z");
        }
        return $"<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"{path}\"/>";
    }

    /// <summary>A standalone SVG of one barcode with its quiet zones, sized in millimetres.</summary>
    public static string Svg(string text, double module = 0.33, double height = 12)
    {
        var width = Modules(text).Length * module;
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0.###}mm\" height=\"{height:0.###}mm\" viewBox=\"0 0 {width:0.###} {height:0.###}\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>{SvgPath(text, 0, 0, module, height)}</svg>");
    }
}
