using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PromoCodes;

public class ActivationTests : ScenarioTest
{
    [Fact]
    public async Task Hundred_concurrent_activations_of_one_code_give_one_success_and_one_credit()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database, points: 3);
        var code = (await PromoTestData.GeneratedCodesAsync(Database, maker.Id, product, 5))[0];
        var customers = new List<Guid>();
        for (var i = 0; i < 4; i++) customers.Add((await Scenario.RegisterAsync($"+7701555000{i}")).Id);

        var activate = Database.Get<ActivatePromoCode>();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await activate.HandleAsync(new ActivationSource(customers[i % 4], $"10.0.0.{i}", null), code, ActivationChannel.CustomerArea);
                return "ok";
            }
            catch (DomainException e) { return e.Code; }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(99, outcomes.Count(o => o == "code-already-used"));
        await using var db = Database.Open();
        var activation = await db.PromoActivations.SingleAsync();
        var promoKey = LedgerAccount.KeyFor(AccountKind.CustomerPromo, activation.CustomerId);
        Assert.Equal(300, await db.LedgerAccounts.Where(a => a.Key == promoKey).Select(a => a.Balance).SingleAsync());
        Assert.Equal(1, await db.Transfers.CountAsync(t => t.Reason == Reasons.PromoCode));
        Assert.Equal(PromoCodeStatus.Activated, await db.PromoCodes.Where(c => c.Id == activation.CodeId).Select(c => c.Status).SingleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task A_code_typed_sloppily_activates_and_tells_the_member_what_they_got()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database, points: 2);
        var code = (await PromoTestData.GeneratedCodesAsync(Database, maker.Id, product, 3))[1];
        var member = await Scenario.RegisterAsync("+77015550101");

        var result = await Database.Get<ActivatePromoCode>().HandleAsync(new ActivationSource(member.Id, null, null),
            "  " + code.ToLowerInvariant().Replace("-", " "), ActivationChannel.QrLink);

        Assert.Equal(2, result.Points);
        Assert.Equal(200, result.PromoBalance);
        Assert.Equal("Crunchy cereal", result.ProductName);
        Assert.False(result.TopUpRequested);
        var again = await Assert.ThrowsAsync<DomainException>(() => Database.Get<ActivatePromoCode>()
            .HandleAsync(new ActivationSource(member.Id, null, null), code, ActivationChannel.CustomerArea));
        Assert.Equal("code-already-used", again.Code);
    }

    [Fact]
    public async Task Typos_are_not_guesses_but_unknown_codes_lock_out_the_member_and_the_operator_sees_it()
    {
        var member = await Scenario.RegisterAsync("+77015550102");
        var activate = Database.Get<ActivatePromoCode>();
        var source = new ActivationSource(member.Id, "192.0.2.7", "device-1");

        for (var i = 0; i < 20; i++)
            await Assert.ThrowsAsync<ValidationException>(() => activate.HandleAsync(source, "ABCD-EFGH-JKMN-PQRS-0", ActivationChannel.CustomerArea));

        var settings = Database.Get<PromoCodeSettings>();
        for (var i = 0; i < settings.MaxFailuresPerCustomer; i++)
        {
            var miss = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(source, PromoCodeFormat.Generate(), ActivationChannel.CustomerArea));
            Assert.Equal("code-not-found", miss.Code);
        }
        var locked = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(source, PromoCodeFormat.Generate(), ActivationChannel.CustomerArea));
        Assert.Equal("too-many-attempts", locked.Code);
        Assert.Equal(429, locked.Status);

        // Another member on the same device is locked out too; the operator sees the device, the IP and the member.
        var other = await Scenario.RegisterAsync("+77015550103");
        var sameDevice = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(new ActivationSource(other.Id, "198.51.100.1", "device-1"), PromoCodeFormat.Generate(), ActivationChannel.CustomerArea));
        Assert.Equal("too-many-attempts", sameDevice.Code);
        var guard = Database.Get<ManageGuessCounters>();
        var page = await guard.ListAsync(lockedOnly: true, 0, 20);
        Assert.Contains(page.Items, r => r.Subject == GuessSubject.Customer && r.Key == member.Id.ToString("N"));
        Assert.Contains(page.Items, r => r.Subject == GuessSubject.Device && r.Key == "device-1");
        await using (var db = Database.Open())
            Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "promo.lockout"));

        // Staff lift the locks; after the lock-out period the member could try again anyway.
        foreach (var row in page.Items) await guard.UnlockAsync(row.Id, "operator@test");
        var afterUnlock = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(source, PromoCodeFormat.Generate(), ActivationChannel.CustomerArea));
        Assert.Equal("code-not-found", afterUnlock.Code);
    }

    [Fact]
    public async Task Blocked_codes_ranges_and_batches_do_not_activate()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database);
        var batch = await PromoTestData.ApprovedBatchAsync(Database, maker.Id, product, 30);
        await Database.Get<GenerateCodes>().HandleAsync();
        var codes = Database.Get<PrintFiles>().ReadCodes(batch).ToList();
        var member = await Scenario.RegisterAsync("+77015550104");
        var block = Database.Get<BlockCodes>();
        var activate = Database.Get<ActivatePromoCode>();
        var source = new ActivationSource(member.Id, null, null);

        await activate.HandleAsync(source, codes[0].Code, ActivationChannel.CustomerArea);
        Assert.Equal(1, await block.HandleAsync(new BlockCodesCommand(batch, null, null, codes[1].Code, "Reported stolen"), "op"));
        // Serial 1 is activated and 2 already blocked: the range changes the other eight.
        Assert.Equal(8, await block.HandleAsync(new BlockCodesCommand(batch, 1, 10, null, "Stolen pallet 1"), "op"));
        var blocked = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(source, codes[5].Code, ActivationChannel.CustomerArea));
        Assert.Equal("code-blocked", blocked.Code);
        Assert.Equal(20, await block.HandleAsync(new BlockCodesCommand(batch, null, null, null, "Whole print run recalled"), "op"));
        Assert.Equal(CodeBatchStatus.Blocked, (await PromoTestData.BatchAsync(Database, batch)).Status);
        await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(source, codes[29].Code, ActivationChannel.CustomerArea));
        await Assert.ThrowsAsync<ValidationException>(() => block.HandleAsync(new BlockCodesCommand(batch, 5, 40, null, "Out of range"), "op"));
        await Assert.ThrowsAsync<ValidationException>(() => block.HandleAsync(new BlockCodesCommand(batch, 1, 2, null, ""), "op"));
    }

    [Fact]
    public async Task Reaching_the_threshold_requests_a_top_up_and_reserves_the_points()
    {
        await using (var db = Database.Open())
        {
            db.MobileOperators.Add(new MobileOperator("KZ", "Kcell", "kcell", "+7701,+7702"));
            db.MobileOperators.Add(new MobileOperator("KZ", "Beeline", "beeline", "+7705,+7777"));
            await db.SaveChangesAsync();
        }
        var (maker, product) = await PromoTestData.MakerAsync(Database, points: 4);
        var codes = await PromoTestData.GeneratedCodesAsync(Database, maker.Id, product, 2);
        var member = await Scenario.RegisterAsync("+77015550105");
        var activate = Database.Get<ActivatePromoCode>();

        var first = await activate.HandleAsync(new ActivationSource(member.Id, null, null), codes[0], ActivationChannel.CustomerArea);
        var second = await activate.HandleAsync(new ActivationSource(member.Id, null, null), codes[1], ActivationChannel.CustomerArea);

        Assert.False(first.TopUpRequested);
        Assert.True(second.TopUpRequested);
        Assert.Equal(200, second.PromoBalance); // 8 points, 6 reserved
        await using var check = Database.Open();
        var request = await check.TopUpRequests.SingleAsync();
        Assert.Equal(("Kcell", "+77015550105", 600L, 600_00L, TopUpStatus.Pending), (request.OperatorName, request.Phone, request.Points, request.Amount, request.Status));
        Assert.Equal(600, await check.LedgerAccounts.Where(a => a.Key == "top-up-payout").Select(a => a.Balance).SingleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }
}
