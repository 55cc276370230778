namespace Loyalty.Core.PromoCodes;

/// <summary>
/// The only place plaintext codes exist: per batch, a folder of CSV segments (one per generation chunk) outside
/// wwwroot, readable by the app's user only. A segment is first written as <c>.tmp</c> and renamed after its chunk's
/// transaction commits, which is what makes a crash at any point recoverable (see <see cref="Recover"/>).
/// </summary>
public sealed class PrintFiles(PromoCodeSettings settings)
{
    public const string CsvHeader = "serial,code,qr_url";

    public string Root => string.IsNullOrWhiteSpace(settings.PrintFilesPath)
        ? Path.Combine(AppContext.BaseDirectory, "App_Data", "print-files")
        : settings.PrintFilesPath;

    public string BatchFolder(int batchNumber) => Path.Combine(Root, $"batch-{batchNumber:D6}");

    public string SegmentPath(int batchNumber, int chunk) => Path.Combine(BatchFolder(batchNumber), $"part-{chunk:D5}.csv");

    public string QrSheetPath(int batchNumber) => Path.Combine(BatchFolder(batchNumber), "qr-sheet.svg");

    public string QrUrl(string normalized) => $"{settings.PublicBaseUrl.TrimEnd('/')}/c/{normalized}";

    public string EnsureBatchFolder(int batchNumber)
    {
        var folder = BatchFolder(batchNumber);
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return folder;
    }

    /// <summary>Opens a new segment's temporary file, readable by the owner only.</summary>
    public FileStream CreateTemporary(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 20 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path + ".tmp", options);
    }

    /// <summary>After the chunk's commit: the segment becomes part of the batch's print file.</summary>
    public static void Publish(string path) => File.Move(path + ".tmp", path, overwrite: true);

    /// <summary>
    /// Brings the folder in line with the database after a crash: a temporary segment of a committed chunk (crash between
    /// commit and rename) is published; any segment of an uncommitted chunk is deleted, to be written again.
    /// </summary>
    public void Recover(int batchNumber, int chunksDone)
    {
        var folder = EnsureBatchFolder(batchNumber);
        foreach (var file in Directory.GetFiles(folder, "part-*"))
        {
            var name = Path.GetFileName(file);
            var isTemp = name.EndsWith(".tmp", StringComparison.Ordinal);
            if (!int.TryParse(name.AsSpan(5, 5), out var chunk)) continue;
            if (chunk >= chunksDone) File.Delete(file);
            else if (isTemp) Publish(file[..^4]);
        }
    }

    /// <summary>Every segment of a batch in order; the caller writes <see cref="CsvHeader"/> once before them.</summary>
    public IReadOnlyList<string> Segments(int batchNumber) =>
        Directory.Exists(BatchFolder(batchNumber))
            ? Directory.EnumerateFiles(BatchFolder(batchNumber), "part-*.csv").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Reads the plaintext codes back (for the QR sheet of a small batch), in serial order.</summary>
    public IEnumerable<(int Serial, string Code, string Url)> ReadCodes(int batchNumber)
    {
        foreach (var segment in Segments(batchNumber))
        {
            foreach (var line in File.ReadLines(segment))
            {
                var parts = line.Split(',');
                if (parts.Length == 3 && int.TryParse(parts[0], out var serial)) yield return (serial, parts[1], parts[2]);
            }
        }
    }
}
