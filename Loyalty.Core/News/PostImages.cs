using Loyalty.Core.Common;

namespace Loyalty.Core.News;

/// <summary>
/// What a post's picture may be: PNG, JPEG, GIF or WebP, judged by the file's first bytes (never by its name or the
/// browser's word), at most <see cref="MaxBytes"/>. SVG is refused: it can carry script (0152).
/// </summary>
public static class PostImages
{
    public const int MaxBytes = 1024 * 1024;
    public const string Accept = ".png,.jpg,.jpeg,.gif,.webp";

    public static string? Url(Guid postId, DateTime? imageAt) => imageAt is { } at ? $"/news/images/{postId}?v={at.Ticks:x}" : null;

    /// <returns>The content type the bytes really are.</returns>
    public static string Validate(byte[]? content)
    {
        if (content is null || content.Length == 0) throw ValidationException.For("image", "Choose a picture.");
        if (content.Length > MaxBytes) throw ValidationException.For("image", "The picture is larger than 1 MB.");
        return Sniff(content) ?? throw ValidationException.For("image", "Only PNG, JPEG, GIF and WebP pictures can be used.");
    }

    public static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (b.StartsWith("GIF87a"u8) || b.StartsWith("GIF89a"u8)) return "image/gif";
        if (b.Length >= 12 && b.StartsWith("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }
}
