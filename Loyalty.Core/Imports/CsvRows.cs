using System.Text;

namespace Loyalty.Core.Imports;

/// <summary>
/// A streaming CSV reader (RFC 4180 quoting, comma or semicolon detected from the header, UTF-8 with or without BOM):
/// one row in memory at a time, so a file of millions of lines is never loaded whole. Tracks the physical line a
/// record starts on, for the rejection report, and how many bytes are consumed, for the progress bar.
/// </summary>
public sealed class CsvRows : TabularRows
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly StringBuilder _field = new();
    private int _line;

    public CsvRows(Stream stream, char delimiter = ',')
    {
        Delimiter = delimiter;
        _stream = stream;
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public char Delimiter { get; private set; } = ',';

    /// <summary>A semicolon-separated file comes from a spreadsheet in a locale that writes decimal commas.</summary>
    public override bool DecimalComma => Delimiter == ';';

    /// <summary>Bytes read from the stream so far (the reader's buffer makes it run ahead by at most 64 KB).</summary>
    public override long BytesRead => _stream.CanSeek ? _stream.Position : 0;

    /// <summary>Reads the header (one physical line) and picks the delimiter from it; names are trimmed and lower-cased.</summary>
    public override IReadOnlyList<string>? ReadHeader()
    {
        var header = _reader.ReadLine();
        if (header is null) return null;
        _line = 1;
        Delimiter = header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
        using var fields = new CsvRows(new MemoryStream(Encoding.UTF8.GetBytes(header + "\n")), Delimiter);
        return fields.Read(out _)?.Select(HeaderName).ToList();
    }

    /// <summary>The next record's fields, or null at the end; <paramref name="line"/> is the line it starts on.</summary>
    public override string[]? Read(out int line)
    {
        var fields = new List<string>();
        _field.Clear();
        var c = _reader.Read();
        if (c < 0) { line = _line; return null; }
        _line++;
        line = _line;
        var quoted = false;
        while (true)
        {
            if (c < 0) { fields.Add(_field.ToString()); return fields.ToArray(); }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); _field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') _line++;
                    _field.Append(ch);
                }
            }
            else if (ch == '"' && _field.Length == 0) quoted = true;
            else if (ch == Delimiter) { fields.Add(_field.ToString()); _field.Clear(); }
            else if (ch == '\n') { fields.Add(_field.ToString()); return TrimCr(fields); }
            else _field.Append(ch);
            c = _reader.Read();
        }
    }

    private static string[] TrimCr(List<string> fields)
    {
        var last = fields[^1];
        if (last.EndsWith('\r')) fields[^1] = last[..^1];
        return fields.ToArray();
    }

    public override void Dispose() => _reader.Dispose();
}
