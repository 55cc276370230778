using System.Text;
using ClosedXML.Excel;

namespace Loyalty.Web.Segments;

/// <summary>
/// Reads the first column of an uploaded member list: Excel (.xlsx) through ClosedXML, or CSV/text (comma, semicolon or tab).
/// A header row is fine: it matches no member and is reported with the other unmatched values.
/// </summary>
public static class MemberListFile
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static async Task<IReadOnlyList<string>> ReadAsync(Stream upload, string fileName, CancellationToken ct = default)
    {
        // Browser streams are not seekable and ClosedXML needs to seek: buffer once (bounded by MaxBytes).
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".xlsx" => ReadExcel(buffer),
            ".csv" or ".txt" => ReadCsv(buffer),
            _ => throw Core.Common.ValidationException.For("file", "Upload an Excel (.xlsx) or CSV file."),
        };
    }

    private static List<string> ReadExcel(Stream stream)
    {
        try
        {
            using var book = new XLWorkbook(stream);
            var sheet = book.Worksheets.First();
            return sheet.Column(1).CellsUsed().Select(c => c.GetFormattedString().Trim()).Where(v => v.Length > 0).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Core.Common.ValidationException.For("file", "This file could not be read as an Excel workbook.");
        }
    }

    private static List<string> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var values = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var first = line.Split([',', ';', '\t'], 2)[0].Trim().Trim('"').Trim();
            if (first.Length > 0) values.Add(first);
        }
        return values;
    }
}
