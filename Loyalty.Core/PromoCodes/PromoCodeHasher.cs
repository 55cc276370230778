using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.PromoCodes;

/// <summary>
/// The only form in which the database knows a code: HMAC-SHA256 of its normalised text under a secret key that lives
/// in configuration (<c>PromoCodes:HmacKey</c>), never in the database or the repository. A stolen database therefore
/// yields no activatable codes: without the key the hashes cannot be reversed or checked against guesses.
/// The first 16 bytes (128 bits) are kept: collision-free at any realistic volume and half the index size.
/// </summary>
public sealed class PromoCodeHasher
{
    public const int HashLength = 16;
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;

    public PromoCodeHasher(byte[] key)
    {
        if (key.Length < MinKeyBytes)
            throw new InvalidOperationException($"PromoCodes:HmacKey must be at least {MinKeyBytes} bytes (base64).");
        _key = key;
    }

    /// <summary>Reads the key from its base64 text; a missing or short key stops the app at start rather than at the first activation.</summary>
    public static PromoCodeHasher FromBase64(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
            throw new InvalidOperationException("PromoCodes:HmacKey is not configured (base64 of at least 32 random bytes). Set it with an environment variable or a secret store.");
        byte[] key;
        try { key = Convert.FromBase64String(base64); }
        catch (FormatException) { throw new InvalidOperationException("PromoCodes:HmacKey is not valid base64."); }
        return new PromoCodeHasher(key);
    }

    public byte[] Hash(string normalized)
    {
        var hash = new byte[HashLength];
        Hash(normalized, hash);
        return hash;
    }

    /// <summary>Allocation-free variant for bulk generation.</summary>
    public void Hash(ReadOnlySpan<char> normalized, Span<byte> destination)
    {
        Span<byte> text = stackalloc byte[PromoCodeFormat.NormalizedLength];
        var n = Encoding.ASCII.GetBytes(normalized, text);
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, text[..n], full);
        full[..HashLength].CopyTo(destination);
    }
}
