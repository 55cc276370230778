using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Settlements;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Settlements;

public class SettlementTests : IAsyncLifetime
{
    private static readonly SettlementPeriod December = new(2026, 12);

    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AMonthOfActivity_SettlesToExactlyWhatTheLedgerSays_AndClosingTwiceChangesNothing()
    {
        var partners = await CoalitionAsync();
        await GenerateActivityAsync(partners);

        var close = _database.Get<CloseSettlementPeriod>();
        var first = await close.HandleAsync(December, "test");

        Assert.Equal(partners.Count, first.Created);
        var expected = await LedgerSaysAsync(December);
        await using (var db = _database.Open())
        {
            var settlements = await db.Settlements.AsNoTracking().Where(s => s.PeriodStart == December.Start).ToListAsync();
            Assert.Equal(partners.Count, settlements.Count);
            foreach (var s in settlements)
            {
                var partner = await db.Partners.AsNoTracking().SingleAsync(p => p.Id == s.PartnerId);
                var (issued, redeemed) = expected[s.PartnerId];
                Assert.True(issued > 0 && redeemed > 0, "the generated month has both sides at every partner");
                Assert.Equal(issued, s.IssuedPoints);
                Assert.Equal(redeemed, s.RedeemedPoints);
                Assert.Equal(partner.PointValueMinor, s.PointValueMinor);
                Assert.Equal(partner.SettlementFeeBp, s.FeeBp);
                // Money from the ledger's points, to the minor unit: hundredths × minor-per-point / 100, half away from zero.
                Assert.Equal(RoundedValue(issued, partner.PointValueMinor), s.IssuedAmount);
                Assert.Equal(RoundedValue(redeemed, partner.PointValueMinor), s.RedeemedAmount);
                Assert.Equal((long)Math.Round(s.IssuedAmount * (decimal)partner.SettlementFeeBp / 10_000m, MidpointRounding.AwayFromZero), s.FeeAmount);
                Assert.Equal(s.IssuedAmount + s.FeeAmount - s.RedeemedAmount, s.NetAmount);
                Assert.Equal(SettlementStatus.Draft, s.Status);

                // The statement's lines are the same entries by reason: they add up to the totals.
                var statement = await _database.Get<GetSettlementStatement>().HandleAsync(s.Id, s.PartnerId);
                Assert.Equal(issued, statement.Lines.Sum(l => l.IssuedPoints));
                Assert.Equal(redeemed, statement.Lines.Sum(l => l.RedeemedPoints));
                Assert.Contains(statement.Lines, l => l.Reason == Reasons.RefundEarnReversal);
            }
        }

        // Confirm one, then close again: nothing is drafted twice and nothing already there changes.
        var confirmed = (await _database.Get<ListSettlements>().ForPeriodAsync(December))[0];
        await _database.Get<ChangeSettlementStatus>().ConfirmAsync(confirmed.Id, "olga");
        var before = await SnapshotAsync();
        _database.Clock.Advance(TimeSpan.FromDays(3));

        var second = await close.HandleAsync(December, "test");

        Assert.Equal(0, second.Created);
        Assert.Equal(partners.Count, second.AlreadyClosed);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task APeriodThatHasNotEnded_CannotBeClosed()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _database.Get<CloseSettlementPeriod>().HandleAsync(SettlementPeriod.Of(_database.Clock.GetUtcNow().UtcDateTime), "test"));

        Assert.Equal("period-not-finished", refused.Code);
    }

    [Fact]
    public async Task Statuses_GoDraftConfirmedPaid_InThatOrderOnly()
    {
        var partners = await CoalitionAsync();
        var member = await partners[0].RegisterAsync("+77015550001");
        _database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero));
        await partners[0].BuyAsync(member.Id, 10_000m, redeem: 500m);
        _database.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 5, 0, TimeSpan.Zero));
        await _database.Get<CloseSettlementPeriod>().HandleAsync(December, "test");
        var id = (await _database.Get<ListSettlements>().ForPeriodAsync(December)).Single().Id;
        var change = _database.Get<ChangeSettlementStatus>();

        var early = await Assert.ThrowsAsync<DomainException>(() => change.MarkPaidAsync(id, "PAY-1", "olga"));
        Assert.Equal("settlement-state", early.Code);
        await change.ConfirmAsync(id, "olga");
        await Assert.ThrowsAsync<ValidationException>(() => change.MarkPaidAsync(id, "  ", "olga"));
        await change.MarkPaidAsync(id, "PAY-1", "olga");
        await Assert.ThrowsAsync<DomainException>(() => change.ConfirmAsync(id, "olga"));

        var row = (await _database.Get<ListSettlements>().ForPartnerAsync(partners[0].Partner.Id)).Single();
        Assert.Equal(SettlementStatus.Paid, row.Status);
        Assert.Equal("PAY-1", row.PaymentReference);
        Assert.Empty(await _database.Get<ListSettlements>().ForPartnerAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<DomainException>(() => _database.Get<GetSettlementStatement>().HandleAsync(id, Guid.NewGuid()));
    }

    /// <summary>Three partners with different contracts, so rounding and fees differ.</summary>
    private async Task<List<Scenario>> CoalitionAsync()
    {
        var partners = new List<Scenario>();
        foreach (var (value, fee) in new[] { (1.00m, 1.5m), (0.50m, 0m), (1.37m, 2.75m) })
        {
            var scenario = await Scenario.CreateAsync(_database.Services);
            await _database.Get<UpdatePartnerContract>().HandleAsync(scenario.Partner.Id, new ContractTerms(value, fee), "test");
            partners.Add(scenario);
        }
        return partners;
    }

    /// <summary>
    /// Late November, all of December and early January: purchases with and without points, partial and full refunds at
    /// random partners, with transfers on both sides of each month boundary.
    /// </summary>
    private async Task GenerateActivityAsync(List<Scenario> partners)
    {
        var random = new Random(9);
        var clock = _database.Clock;
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var members = new List<Guid>();
        for (var i = 0; i < 12; i++) members.Add((await partners[0].RegisterAsync($"+7701555{i:D4}")).Id);
        var purchases = new List<(Scenario At, Guid Id)>();

        var instants = new List<DateTimeOffset> { new(2026, 11, 30, 23, 59, 59, TimeSpan.Zero) };
        for (var day = 1; day <= 31; day++)
            for (var k = 0; k < 3; k++) instants.Add(new DateTimeOffset(2026, 12, day, 6 + k * 5, random.Next(60), 0, TimeSpan.Zero));
        instants.Add(new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero));
        instants.Add(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        instants.Add(new DateTimeOffset(2027, 1, 2, 9, 0, 0, TimeSpan.Zero));

        foreach (var instant in instants)
        {
            clock.SetUtcNow(instant);
            var at = partners[random.Next(partners.Count)];
            var member = members[random.Next(members.Count)];
            if (purchases.Count > 3 && random.Next(5) == 0)
            {
                var (place, id) = purchases[random.Next(purchases.Count)];
                try
                {
                    await place.RefundAsync(id, random.Next(1, 4) * 100.01m);
                    continue;
                }
                catch (DomainException e) when (e.Code == "refund-exceeds-purchase") { }
            }
            var amount = random.Next(500_00, 40_000_00) / 100m;
            var redeem = Math.Min(await at.BalanceAsync(member) / 100m, Math.Floor(amount * 20m) / 100m * random.Next(0, 2));
            var receipt = (await at.BuyAsync(member, amount, redeem)).Body;
            purchases.Add((at, receipt.TransactionId));
        }
        await partners[0].AssertLedgerHealthyAsync();
    }

    /// <summary>The ledger read independently: every entry in memory, filtered and summed here rather than in SQL.</summary>
    private async Task<Dictionary<Guid, (long Issued, long Redeemed)>> LedgerSaysAsync(SettlementPeriod period)
    {
        await using var db = _database.Open();
        var accounts = await db.LedgerAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id);
        var transfers = await db.Transfers.AsNoTracking().Include(t => t.Entries).ToListAsync();
        var result = new Dictionary<Guid, (long, long)>();
        foreach (var group in transfers.Where(t => t.OccurredAt >= period.Start && t.OccurredAt < period.End)
                     .SelectMany(t => t.Entries).Select(e => (Account: accounts[e.AccountId], e.Amount))
                     .Where(x => x.Account.PartnerId is not null).GroupBy(x => x.Account.PartnerId!.Value))
        {
            result[group.Key] = (
                -group.Where(x => x.Account.Kind == AccountKind.PartnerIssuance).Sum(x => x.Amount),
                group.Where(x => x.Account.Kind == AccountKind.PartnerRedemption).Sum(x => x.Amount));
        }
        return result;
    }

    private static long RoundedValue(long hundredths, long minorPerPoint) =>
        (long)Math.Round(hundredths * (decimal)minorPerPoint / 100m, MidpointRounding.AwayFromZero);

    private async Task<string> SnapshotAsync()
    {
        await using var db = _database.Open();
        var rows = await db.Settlements.AsNoTracking().OrderBy(s => s.PartnerId).ThenBy(s => s.PeriodStart).ToListAsync();
        return string.Join("\n", rows.Select(s => string.Join("|", s.Id, s.PartnerId, s.PeriodStart, s.IssuedPoints, s.RedeemedPoints,
            s.IssuedAmount, s.RedeemedAmount, s.FeeAmount, s.NetAmount, s.Status, s.ClosedAt, s.ConfirmedAt, s.PaidAt)));
    }
}
