using Loyalty.Core.Common;

namespace Loyalty.Core.Support;

/// <summary>A file a person chose to attach, already read into memory (the size was capped while reading).</summary>
public sealed record IncomingFile(string FileName, byte[] Content);

/// <summary>
/// What may be attached to a ticket: screenshots, PDFs, spreadsheets and text, at most <see cref="MaxFiles"/> files of
/// <see cref="MaxBytes"/> each. The content type is derived from the extension, never taken from the browser, and files
/// are always served as downloads (0090).
/// </summary>
public static class TicketFiles
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxFiles = 3;
    public const int FileNameMaxLength = 200;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    public static string Accept => string.Join(",", Types.Keys);

    public static IReadOnlyList<(string Name, string Type, byte[] Content)> Validate(IReadOnlyList<IncomingFile>? files)
    {
        files ??= [];
        if (files.Count > MaxFiles) throw ValidationException.For("files", $"Attach at most {MaxFiles} files.");
        var result = new List<(string, string, byte[])>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName ?? "").Trim();
            if (name.Length == 0) throw ValidationException.For("files", "A file has no name.");
            if (name.Length > FileNameMaxLength) name = name[^FileNameMaxLength..];
            if (!Types.TryGetValue(Path.GetExtension(name), out var type))
                throw ValidationException.For("files", $"{name}: only images, PDF, text, CSV, Excel and Word files can be attached.");
            if (file.Content.Length == 0) throw ValidationException.For("files", $"{name} is empty.");
            if (file.Content.Length > MaxBytes) throw ValidationException.For("files", $"{name} is larger than 2 MB.");
            result.Add((name, type, file.Content));
        }
        return result;
    }
}
