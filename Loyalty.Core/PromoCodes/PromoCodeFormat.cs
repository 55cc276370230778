using System.Security.Cryptography;

namespace Loyalty.Core.PromoCodes;

/// <summary>
/// The printed form of a promo code: 16 symbols of Crockford Base32 (80 random bits from a CSPRNG, no I, L, O, U)
/// followed by Crockford's mod-37 check symbol, printed in groups of four: <c>7K3M-QX2P-9TDW-H4BZ-R</c>. The check symbol
/// catches a mistyped or swapped symbol before any lookup, so typos never count as guesses.
/// </summary>
public static class PromoCodeFormat
{
    public const int DataLength = 16;
    public const int NormalizedLength = DataLength + 1;

    /// <summary>Longest text a person might type or paste (groups, spaces, a URL prefix is cut by the caller).</summary>
    public const int MaxInputLength = 64;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Crockford's check symbols: the 32 data symbols and five more for values 32–36.</summary>
    private const string CheckAlphabet = Alphabet + "*~$=U";

    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Fills <paramref name="destination"/> (17 chars) with a new random code in normalised form.</summary>
    public static void Generate(Span<char> destination, Span<byte> scratch)
    {
        // 10 random bytes = 80 bits = 16 symbols of 5 bits.
        RandomNumberGenerator.Fill(scratch[..10]);
        ulong high = 0;
        for (var i = 0; i < 5; i++) high = (high << 8) | scratch[i];
        ulong low = 0;
        for (var i = 5; i < 10; i++) low = (low << 8) | scratch[i];
        var mod = 0;
        for (var i = 0; i < 8; i++)
        {
            var v = (int)((high >> (35 - 5 * i)) & 31);
            destination[i] = Alphabet[v];
            mod = (mod * 32 + v) % 37;
        }
        for (var i = 0; i < 8; i++)
        {
            var v = (int)((low >> (35 - 5 * i)) & 31);
            destination[8 + i] = Alphabet[v];
            mod = (mod * 32 + v) % 37;
        }
        destination[DataLength] = CheckAlphabet[mod];
    }

    public static string Generate()
    {
        Span<char> chars = stackalloc char[NormalizedLength];
        Span<byte> bytes = stackalloc byte[16];
        Generate(chars, bytes);
        return new string(chars);
    }

    /// <summary>
    /// Reads what a person typed: case, spaces and dashes do not matter, and the look-alikes Crockford allows are
    /// read as what they look like (I and L as 1, O as 0). Returns false when the text is not a code or its check
    /// symbol does not match.
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength) return false;
        Span<char> chars = stackalloc char[NormalizedLength];
        var n = 0;
        foreach (var raw in input)
        {
            if (raw is ' ' or '-' or '\t' or '\u00A0') continue;
            if (n == NormalizedLength) return false;
            var c = char.ToUpperInvariant(raw);
            if (n < DataLength)
            {
                c = c switch { 'I' or 'L' => '1', 'O' => '0', _ => c };
                if (c >= 128 || Values[c] < 0) return false;
            }
            else if (c >= 128 || CheckAlphabet.IndexOf(c) < 0) return false;
            chars[n++] = c;
        }
        if (n != NormalizedLength) return false;
        var mod = 0;
        for (var i = 0; i < DataLength; i++) mod = (mod * 32 + Values[chars[i]]) % 37;
        if (CheckAlphabet[mod] != chars[DataLength]) return false;
        normalized = new string(chars);
        return true;
    }

    /// <summary>The printed form: groups of four separated by dashes, the check symbol last.</summary>
    public static string Display(string normalized) =>
        normalized.Length != NormalizedLength
            ? normalized
            : $"{normalized[..4]}-{normalized[4..8]}-{normalized[8..12]}-{normalized[12..16]}-{normalized[16]}";

    /// <summary>Writes the printed form of <paramref name="normalized"/> (21 chars) without allocating.</summary>
    public static void WriteDisplay(ReadOnlySpan<char> normalized, Span<char> destination)
    {
        var d = 0;
        for (var i = 0; i < DataLength; i++)
        {
            if (i > 0 && i % 4 == 0) destination[d++] = '-';
            destination[d++] = normalized[i];
        }
        destination[d++] = '-';
        destination[d] = normalized[DataLength];
    }

    public const int DisplayLength = NormalizedLength + 4;

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++) values[Alphabet[i]] = (sbyte)i;
        return values;
    }
}
