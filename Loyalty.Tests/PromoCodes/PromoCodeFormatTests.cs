using Loyalty.Core.PromoCodes;

namespace Loyalty.Tests.PromoCodes;

public class PromoCodeFormatTests
{
    [Fact]
    public void Generated_codes_normalise_to_themselves_whatever_the_case_spaces_and_dashes()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = PromoCodeFormat.Generate();
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{16}[0-9A-HJKMNP-TV-Z*~$=U]$", code);
            Assert.True(PromoCodeFormat.TryNormalize(code, out var same));
            Assert.Equal(code, same);
            Assert.True(PromoCodeFormat.TryNormalize(" " + PromoCodeFormat.Display(code).ToLowerInvariant().Replace("-", " - ") + " ", out var typed));
            Assert.Equal(code, typed);
        }
    }

    [Fact]
    public void Every_single_symbol_typo_and_adjacent_swap_is_caught_by_the_check_symbol()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (var n = 0; n < 50; n++)
        {
            var code = PromoCodeFormat.Generate();
            for (var i = 0; i < PromoCodeFormat.DataLength; i++)
            {
                foreach (var c in alphabet)
                {
                    if (c == code[i]) continue;
                    var typo = code[..i] + c + code[(i + 1)..];
                    Assert.False(PromoCodeFormat.TryNormalize(typo, out _), $"{typo} passed for {code}");
                }
                if (i + 1 < PromoCodeFormat.DataLength && code[i] != code[i + 1])
                {
                    var swapped = code[..i] + code[i + 1] + code[i] + code[(i + 2)..];
                    Assert.False(PromoCodeFormat.TryNormalize(swapped, out _), $"{swapped} passed for {code}");
                }
            }
        }
    }

    [Fact]
    public void Look_alike_letters_read_as_the_digits_they_resemble()
    {
        var code = PromoCodeFormat.Generate();
        var withZero = "0" + code[1..];
        if (!PromoCodeFormat.TryNormalize(withZero, out _)) return; // check symbol differs: covered by the typo test
        Assert.True(PromoCodeFormat.TryNormalize("o" + code[1..], out var read));
        Assert.Equal(withZero, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TV")]
    [InlineData("ÄBCD-EFGH-JKMN-PQRS-T")]
    [InlineData("'; DROP TABLE PromoCodes; --")]
    public void Malformed_input_is_not_a_code(string? input) => Assert.False(PromoCodeFormat.TryNormalize(input, out _));

    [Fact]
    public void The_hash_depends_on_the_key_and_never_contains_the_code()
    {
        var code = PromoCodeFormat.Generate();
        var a = new PromoCodeHasher(Enumerable.Repeat((byte)1, 32).ToArray()).Hash(code);
        var b = new PromoCodeHasher(Enumerable.Repeat((byte)2, 32).ToArray()).Hash(code);
        Assert.Equal(PromoCodeHasher.HashLength, a.Length);
        Assert.NotEqual(a, b);
        Assert.Throws<InvalidOperationException>(() => new PromoCodeHasher(new byte[16]));
        Assert.Throws<InvalidOperationException>(() => PromoCodeHasher.FromBase64(null));
    }
}
