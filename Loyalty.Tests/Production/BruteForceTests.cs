using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Production;

/// <summary>Guessing sign-in codes and pumping SMS stop at their limits, and the operator is told (data log, kind security.*).</summary>
public class BruteForceTests
{
    [Fact]
    public async Task Guessing_a_sign_in_code_kills_it_and_alerts_the_operator_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var sent = await database.Get<RequestSignInCode>().HandleAsync("+77015556001", "KZ");
        var code = database.Sms.LastCodeFor(sent.Phone);
        var wrong = code == "000000" ? "111111" : "000000";
        var verify = database.Get<VerifySignInCode>();

        for (var i = 0; i < OneTimeCode.MaxAttempts + 3; i++) Assert.False(await verify.HandleAsync(sent.Phone, wrong));
        Assert.False(await verify.HandleAsync(sent.Phone, code));

        await using var db = database.Open();
        var alerts = await db.AuditEvents.Where(a => a.Kind == SecurityAlerts.SignInCodeLocked).ToListAsync();
        var alert = Assert.Single(alerts);
        Assert.DoesNotContain("77015556001", alert.Summary); // the phone is masked even in the alert
    }

    [Fact]
    public async Task Too_many_codes_for_one_phone_are_refused_and_alerted_once_an_hour()
    {
        await using var database = await TestDatabase.CreateAsync();
        var request = database.Get<RequestSignInCode>();
        for (var i = 0; i < RequestSignInCode.MaxCodesPerHour; i++) await request.HandleAsync("+77015556002", "KZ");

        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => request.HandleAsync("+77015556002", "KZ"));
            Assert.Equal(429, refused.Status);
        }
        Assert.Equal(RequestSignInCode.MaxCodesPerHour, database.Sms.Sent.Count);
        await using var db = database.Open();
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Kind == SecurityAlerts.SmsCodeLimit));
    }
}
