using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Loyalty.Core.Imports;

/// <summary>
/// Rows of an import file, one at a time: CSV (<see cref="CsvRows"/>) or an Excel workbook (<see cref="XlsxRows"/>).
/// A line number is where the row is in the file (CSV line, Excel row), for the rejection report.
/// </summary>
public abstract class TabularRows : IDisposable
{
    /// <summary>Opens an uploaded file by its extension (.xlsx is a workbook, anything else CSV).</summary>
    public static TabularRows Open(string path)
    {
        var file = File.OpenRead(path);
        try
        {
            return IsWorkbook(path) ? new XlsxRows(file) : new CsvRows(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static bool IsWorkbook(string fileName) => fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Amounts are written with a decimal comma (a semicolon-separated CSV from a spreadsheet in such a locale).</summary>
    public virtual bool DecimalComma => false;

    /// <summary>How far through the file reading is, for the progress bar.</summary>
    public abstract long BytesRead { get; }

    /// <summary>The first row's names, trimmed, lower-cased, spaces as underscores; null for an empty file.</summary>
    public abstract IReadOnlyList<string>? ReadHeader();

    /// <summary>The next row's fields, or null at the end; <paramref name="line"/> is where it is in the file.</summary>
    public abstract string[]? Read(out int line);

    protected static string HeaderName(string name) => name.Trim().Trim('\uFEFF').ToLowerInvariant().Replace(' ', '_');

    public abstract void Dispose();
}

/// <summary>
/// The first worksheet of an .xlsx workbook, read with <see cref="XmlReader"/> straight from the zip entry: rows stream
/// as the XML is parsed, never a whole sheet in memory. (ClosedXML 0.95, the Excel library here, loads the whole
/// workbook into objects — about a kilobyte per cell, gigabytes for a million-row history — so it writes our exports
/// but does not read imports.) What is held: the shared-string table (Excel keeps every distinct text once, there) and
/// the cell formats that say which numbers are dates. Dates become <c>yyyy-MM-dd HH:mm:ss</c> (or <c>yyyy-MM-dd</c>),
/// numbers their invariant text (<c>1500.5</c>, <c>77015552001</c>), so the CSV validation applies unchanged.
/// </summary>
public sealed class XlsxRows : TabularRows
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly Stream _file;
    private readonly ZipArchive _zip;
    private readonly List<string> _shared = [];
    private readonly List<bool> _dateStyles = [];
    private readonly Stream _sheetStream;
    private readonly XmlReader _sheet;
    private int _columns;

    public XlsxRows(Stream file)
    {
        _file = file;
        try
        {
            _zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("The file is not an Excel workbook (.xlsx).");
        }
        var sheetPath = FirstSheetPath() ?? throw new InvalidDataException("The workbook has no worksheet.");
        if (_zip.GetEntry("xl/sharedStrings.xml") is { } strings) ReadSharedStrings(strings);
        if (_zip.GetEntry("xl/styles.xml") is { } styles) ReadDateStyles(styles);
        var entry = _zip.GetEntry(sheetPath) ?? throw new InvalidDataException("The workbook's first worksheet is missing.");
        _sheetStream = entry.Open();
        _sheet = XmlReader.Create(_sheetStream, new XmlReaderSettings { IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit });
    }

    /// <summary>Position in the file: the sheet is read from its compressed entry front to back.</summary>
    public override long BytesRead => _file.CanSeek ? _file.Position : 0;

    public override IReadOnlyList<string>? ReadHeader()
    {
        var header = ReadRow(out _);
        if (header is null) return null;
        var names = header.Select(HeaderName).ToList();
        while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
        _columns = names.Count;
        return names;
    }

    public override string[]? Read(out int line)
    {
        var cells = ReadRow(out line);
        if (cells is null) return null;
        // Excel leaves out empty cells at a row's end; a row that only fills some columns still has the header's width.
        var width = cells.Count;
        while (width > _columns && cells[width - 1].Length == 0) width--;
        var fields = new string[Math.Max(width, _columns)];
        for (var i = 0; i < fields.Length; i++) fields[i] = i < cells.Count ? cells[i] : "";
        return fields.All(f => f.Length == 0) ? [""] : fields;
    }

    private List<string>? ReadRow(out int line)
    {
        line = 0;
        while (_sheet.Read())
        {
            if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "row") continue;
            line = int.TryParse(_sheet.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : line + 1;
            var cells = new List<string>();
            if (_sheet.IsEmptyElement) return cells;
            var depth = _sheet.Depth;
            while (_sheet.Read() && !(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth))
            {
                if (_sheet.NodeType != XmlNodeType.Element || _sheet.LocalName != "c") continue;
                var column = ColumnOf(_sheet.GetAttribute("r")) ?? cells.Count;
                var value = ReadCell();
                while (cells.Count < column) cells.Add("");
                if (cells.Count == column) cells.Add(value);
            }
            return cells;
        }
        return null;
    }

    /// <summary>Reads the current &lt;c&gt; element to its end and turns its value into text.</summary>
    private string ReadCell()
    {
        var type = _sheet.GetAttribute("t");
        var style = int.TryParse(_sheet.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (_sheet.IsEmptyElement) return "";
        var depth = _sheet.Depth;
        string? raw = null;
        var inline = new StringBuilder();
        while (_sheet.Read() && !(_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth))
        {
            if (_sheet.NodeType != XmlNodeType.Element) continue;
            if (_sheet.LocalName == "v") raw = _sheet.ReadElementContentAsString();
            else if (_sheet.LocalName == "t" && type == "inlineStr") inline.Append(_sheet.ReadElementContentAsString());
            // ReadElementContentAsString moved past the element's end: re-check where we are.
            if (_sheet.NodeType == XmlNodeType.EndElement && _sheet.Depth == depth) break;
        }
        return type switch
        {
            "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _shared.Count ? _shared[i] : "",
            "inlineStr" => inline.ToString(),
            "b" => raw == "1" ? "true" : "false",
            "str" or "e" => raw ?? "",
            _ => Number(raw, style),
        };
    }

    private string Number(string? raw, int style)
    {
        if (raw is null || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return raw ?? "";
        if (style < _dateStyles.Count && _dateStyles[style] && d is > -657435 and < 2958466)
        {
            var at = DateTime.FromOADate(d);
            at = new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond + (at.Ticks % TimeSpan.TicksPerSecond >= TimeSpan.TicksPerSecond / 2 ? TimeSpan.TicksPerSecond : 0));
            return at.TimeOfDay == TimeSpan.Zero
                ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }
        // Whole numbers (phones typed as numbers, receipt numbers) without an exponent; others without binary noise.
        if (Math.Abs(d) < 1e15 && d == Math.Floor(d)) return d.ToString("0", CultureInfo.InvariantCulture);
        return Math.Round(d, 10).ToString("0.##########", CultureInfo.InvariantCulture);
    }

    /// <summary>"BC12" → 54 (zero-based column), null when the reference is missing.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var column = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') column = column * 26 + (ch - 'A' + 1);
            else break;
        }
        return column == 0 ? null : column - 1;
    }

    private string? FirstSheetPath()
    {
        var workbook = _zip.GetEntry("xl/workbook.xml");
        var rels = _zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (workbook is null) return null;
        string? relationId = null;
        using (var reader = XmlReader.Create(workbook.Open(), Settings))
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "sheet") continue;
                relationId = reader.GetAttribute("id", Relationships);
                break;
            }
        }
        if (relationId is not null && rels is not null)
        {
            using var reader = XmlReader.Create(rels.Open(), Settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Relationship" || reader.GetAttribute("Id") != relationId) continue;
                var target = reader.GetAttribute("Target") ?? "";
                return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
            }
        }
        return _zip.GetEntry("xl/worksheets/sheet1.xml") is null ? null : "xl/worksheets/sheet1.xml";
    }

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, CloseInput = true };

    /// <summary>
    /// Characters of shared text held at most (about 0.5 GB): a workbook is compressed, and a small upload must not be
    /// able to make the server hold gigabytes. A real history's table is far smaller (a million receipt numbers ≈ 10 M).
    /// </summary>
    private const long MaxSharedChars = 256L << 20;

    /// <summary>Each &lt;si&gt; is one string: plain &lt;t&gt; or rich-text runs whose &lt;t&gt;s join (phonetic hints left out).</summary>
    private void ReadSharedStrings(ZipArchiveEntry entry)
    {
        long chars = 0;
        using var reader = XmlReader.Create(entry.Open(), Settings);
        var text = new StringBuilder();
        var inPhonetic = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si") text.Clear();
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh") inPhonetic = !reader.IsEmptyElement;
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "rPh") inPhonetic = false;
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && !inPhonetic) text.Append(reader.ReadElementContentAsString());
            if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "si")
            {
                chars += text.Length;
                if (chars > MaxSharedChars) throw new InvalidDataException("The workbook holds too much text to read: save the sheet as CSV and upload that.");
                _shared.Add(text.ToString());
            }
        }
    }

    /// <summary>Which cell formats (&lt;cellXfs&gt; order) show a number as a date: built-in date formats and custom ones with y, d or h.</summary>
    private void ReadDateStyles(ZipArchiveEntry entry)
    {
        var custom = new Dictionary<int, bool>();
        using var reader = XmlReader.Create(entry.Open(), Settings);
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "numFmt" &&
                int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                custom[id] = IsDateFormat(reader.GetAttribute("formatCode") ?? "");
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "cellXfs") inCellXfs = !reader.IsEmptyElement;
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellXfs = false;
            else if (inCellXfs && reader.NodeType == XmlNodeType.Element && reader.LocalName == "xf" && reader.Depth == 2)
            {
                var format = int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : 0;
                _dateStyles.Add(custom.TryGetValue(format, out var isDate) ? isDate : format is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58));
            }
        }
    }

    private static bool IsDateFormat(string code)
    {
        var plain = new StringBuilder();
        var skip = '\0';
        foreach (var ch in code)
        {
            if (skip != '\0') { if (ch == skip) skip = '\0'; continue; }
            if (ch == '"') skip = '"';
            else if (ch == '[') skip = ']';
            else plain.Append(char.ToLowerInvariant(ch));
        }
        var text = plain.ToString();
        return text.Contains('y') || text.Contains('d') || text.Contains('h');
    }

    public override void Dispose()
    {
        _sheet.Dispose();
        _sheetStream.Dispose();
        _zip.Dispose();
        _file.Dispose();
    }
}
