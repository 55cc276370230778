using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Identity;

public class SignInCodeTests
{
    [Fact]
    public async Task RequestedCode_IsSentBySms_AndVerifiesOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("8 701 555 12 34", "KZ");

        Assert.Equal("+77015551234", sent.Phone);
        Assert.False(sent.IsRegistered);
        var code = database.Sms.LastCodeFor(sent.Phone);
        var verify = database.Get<VerifySignInCode>();
        Assert.True(await verify.HandleAsync(sent.Phone, code));
        Assert.False(await verify.HandleAsync(sent.Phone, code));
    }

    [Fact]
    public async Task WrongCodes_ExhaustTheCode_SoTheRightOneNoLongerWorks()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("+77015551234", "KZ");
        var code = database.Sms.LastCodeFor(sent.Phone);
        var wrong = code == "000000" ? "111111" : "000000";
        var verify = database.Get<VerifySignInCode>();

        for (var i = 0; i < OneTimeCode.MaxAttempts; i++) Assert.False(await verify.HandleAsync(sent.Phone, wrong));
        Assert.False(await verify.HandleAsync(sent.Phone, code));
    }

    [Fact]
    public async Task Code_ExpiresAfterItsLifetime()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("+77015551234", "KZ");
        database.Clock.Advance(OneTimeCode.Lifetime + TimeSpan.FromSeconds(1));
        Assert.False(await database.Get<VerifySignInCode>().HandleAsync(sent.Phone, database.Sms.LastCodeFor(sent.Phone)));
    }

    [Fact]
    public async Task TooManyCodesInAnHour_AreRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var request = database.Get<RequestSignInCode>();
        for (var i = 0; i < RequestSignInCode.MaxCodesPerHour; i++) await request.HandleAsync("+77015551234", "KZ");

        var refused = await Assert.ThrowsAsync<DomainException>(() => request.HandleAsync("+77015551234", "KZ"));
        Assert.Equal("too-many-codes", refused.Code);
        await using var db = database.Open();
        Assert.Equal(RequestSignInCode.MaxCodesPerHour, await db.OneTimeCodes.CountAsync());
    }

    [Fact]
    public async Task InvalidPhone_IsRejected_AndNothingIsSent()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Assert.ThrowsAsync<ValidationException>(() => database.Get<RequestSignInCode>().HandleAsync("12345", "KZ"));
        Assert.Empty(database.Sms.Sent);
    }

    [Fact]
    public async Task StoredCode_IsAHash_NotTheCode()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("+77015551234", "KZ");
        await using var db = database.Open();
        var stored = await db.OneTimeCodes.SingleAsync();
        Assert.DoesNotContain(database.Sms.LastCodeFor(sent.Phone), stored.CodeHash);
        Assert.Equal(64, stored.CodeHash.Length);
    }
}

public class SignInCodeConcurrencyTests
{
    [Fact]
    public async Task ParallelGuesses_CountOneAttemptEach_SoOnlyFiveAreEverChecked()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("+77015551234", "KZ");
        var code = database.Sms.LastCodeFor(sent.Phone);
        var verify = database.Get<VerifySignInCode>();

        // 60 wrong guesses at once, none of them the code.
        var guesses = Enumerable.Range(0, 60).Select(i => (i + int.Parse(code) + 1) % 1_000_000).Select(g => g.ToString("D6"));
        var results = await Task.WhenAll(guesses.Select(g => Task.Run(() => verify.HandleAsync(sent.Phone, g))));

        Assert.DoesNotContain(true, results);
        await using var db = database.Open();
        Assert.Equal(OneTimeCode.MaxAttempts, await db.OneTimeCodes.Select(c => c.Attempts).SingleAsync());
        Assert.False(await verify.HandleAsync(sent.Phone, code));
    }
}
