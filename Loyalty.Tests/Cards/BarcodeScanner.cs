using System.Diagnostics;

namespace Loyalty.Tests.Cards;

/// <summary>
/// Proves a printed code scans: the SVG is rasterised by librsvg (rsvg-convert, as a print RIP would) and read back by
/// zbar (zbarimg), both Debian tools installed by test.sh. Returns every symbol found as "CODE-128:…" / "QR-Code:…".
/// </summary>
public static class BarcodeScanner
{
    public static async Task<IReadOnlyList<string>> ScanSvgAsync(string svg, int dpi = 200)
    {
        var dir = Path.Combine(Path.GetTempPath(), "loyalty-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var svgPath = Path.Combine(dir, "in.svg");
            var pngPath = Path.Combine(dir, "out.png");
            await File.WriteAllTextAsync(svgPath, svg);
            var (convert, convertError) = await RunAsync("rsvg-convert", ["--dpi-x", dpi.ToString(), "--dpi-y", dpi.ToString(), "--background-color", "white", "-o", pngPath, svgPath]);
            Assert.True(convert == 0, $"rsvg-convert failed ({convert}): {convertError}");
            var (code, output) = await RunAsync("zbarimg", ["-q", pngPath]);
            // zbarimg exits 4 when it finds nothing: that is an empty answer, not a tool failure.
            Assert.True(code is 0 or 4, $"zbarimg failed ({code})");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (process.ExitCode is 0 or 4 ? "" : await stderr));
    }
}
