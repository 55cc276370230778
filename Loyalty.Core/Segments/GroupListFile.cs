using Loyalty.Core.Common;
using Loyalty.Core.Imports;

namespace Loyalty.Core.Segments;

/// <summary>One value from a member list and where it is in the file (CSV line or Excel row), for the report.</summary>
public sealed record GroupListRow(int Line, string Value);

/// <summary>
/// Reads the first column of an uploaded member list (decision 0162): Excel (.xlsx) or CSV/text (comma or semicolon), with
/// the import readers (<see cref="XlsxRows"/>, <see cref="CsvRows"/>), so line numbers match what the partner sees in their
/// file. The first row is data when it reads as a phone or card number, otherwise a header and skipped.
/// </summary>
public static class GroupListFile
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static async Task<IReadOnlyList<GroupListRow>> ReadAsync(Stream upload, string fileName, string defaultRegion, CancellationToken ct = default)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv" or ".txt")) throw ValidationException.For("file", "Upload an Excel (.xlsx) or CSV file.");
        // Browser streams are not seekable and a workbook is a zip: buffer once, bounded.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw ValidationException.For("file", "The file is larger than 10 MB.");
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        try
        {
            using TabularRows rows = extension == ".xlsx" ? new XlsxRows(buffer) : new CsvRows(buffer);
            var result = new List<GroupListRow>();
            // Header names come back lower-cased with spaces as underscores; a phone written with spaces reads back the same.
            if (rows.ReadHeader() is { Count: > 0 } first && first[0].Replace('_', ' ').Trim() is { Length: > 0 } value && LooksLikeMember(value, defaultRegion))
                result.Add(new GroupListRow(1, value));
            while (rows.Read(out var line) is { } fields)
            {
                var cell = fields.Length == 0 ? "" : fields[0].Trim();
                if (cell.Length == 0 && fields.All(f => f.Trim().Length == 0)) continue; // a blank line
                result.Add(new GroupListRow(line, cell));
                if (result.Count > ImportStaticGroup.MaxRows) throw ValidationException.For("file", $"A group holds at most {ImportStaticGroup.MaxRows:N0} rows.");
            }
            return result;
        }
        catch (Exception e) when (e is System.IO.InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw ValidationException.For("file", extension == ".xlsx" ? "This file could not be read as an Excel workbook." : "This file could not be read as CSV.");
        }
    }

    internal static bool LooksLikeMember(string value, string defaultRegion) =>
        Customers.CardNumber.IsValid(value) || Customers.PhoneNumber.TryParse(value, defaultRegion, out _);
}
