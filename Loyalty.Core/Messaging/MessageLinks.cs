using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Signed links in messages: unsubscribe, open pixel and tracked clicks. A token is the message id plus a truncated
/// HMAC over purpose, id (and target URL for clicks), so links cannot be forged, enumerated or turned into open redirects.
/// </summary>
public sealed class MessageLinks
{
    private readonly byte[] _key;
    private readonly string _base;

    public MessageLinks(MessagingOptions options)
    {
        _key = SHA256.HashData(Encoding.UTF8.GetBytes(options.LinkSecret.Length > 0 ? options.LinkSecret : "onecard-development-only"));
        _base = options.PublicBaseUrl.TrimEnd('/');
    }

    public string UnsubscribeUrl(long messageId) => $"{_base}/u/{Token("u", messageId, "")}";

    public string OpenPixelUrl(long messageId) => $"{_base}/m/o/{Token("o", messageId, "")}";

    public string ClickUrl(long messageId, string target) => $"{_base}/m/c/{Token("c", messageId, target)}?u={Uri.EscapeDataString(target)}";

    public bool TryReadUnsubscribe(string token, out long messageId) => TryRead("u", token, "", out messageId);

    public bool TryReadOpen(string token, out long messageId) => TryRead("o", token, "", out messageId);

    public bool TryReadClick(string token, string target, out long messageId) => TryRead("c", token, target, out messageId);

    private string Token(string purpose, long id, string extra)
    {
        Span<byte> raw = stackalloc byte[8 + 12];
        BinaryPrimitives.WriteInt64BigEndian(raw, id);
        Mac(purpose, id, extra)[..12].CopyTo(raw[8..]);
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private bool TryRead(string purpose, string token, string extra, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 40) return false;
        var padded = token.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        Span<byte> raw = stackalloc byte[32];
        if (!Convert.TryFromBase64String(padded, raw, out var length) || length != 20) return false;
        id = BinaryPrimitives.ReadInt64BigEndian(raw);
        return CryptographicOperations.FixedTimeEquals(raw[8..20], Mac(purpose, id, extra).AsSpan(0, 12));
    }

    private byte[] Mac(string purpose, long id, string extra) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}|{id}|{extra}"));
}
