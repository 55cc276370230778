using Loyalty.Core.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// A closed operator draw (winners drawn, points paid, proof published), a running one, a partner's running leaderboard and
    /// a closed one whose prize waits at the tills, all made through the real use cases at the times they would have happened,
    /// so the seed and its commitment are genuine.
    /// </summary>
    private async Task SeedContestsAsync(Guid foodRetailId, DateTime now, CancellationToken ct)
    {
        var dbs = new LoyaltyDbFactory<LoyaltyDbContext>(factory);
        IContestEntrySource[] sources = [new PurchaseEntrySource(), new AmountStepEntrySource(), new ActivationEntrySource()];

        var closedStart = now.Date.AddDays(-40);
        await new SaveContest(dbs, new FixedClock(closedStart.AddDays(-1)), seeds, sources).HandleAsync(null, null, new ContestForm
        {
            Title = "Autumn draw: 50,000 points × 3 and a smartphone",
            Description = "Every 20,000 ₸ spent at any partner is one entry. One prize per member.",
            Kind = ContestKind.Draw,
            StartsAt = closedStart,
            EndsAt = closedStart.AddDays(30),
            EntryRule = EntryRule.PerAmountStep,
            AmountStep = 20_000,
            OnePrizePerCustomer = true,
            Prizes =
            [
                new PrizeForm { Kind = PrizeKind.Physical, Title = "Smartphone", Quantity = 1 },
                new PrizeForm { Kind = PrizeKind.Points, Title = "50,000 points", Points = 50_000, Quantity = 3 },
            ],
        }, OperatorEmail, ct);
        var closedAt = new FixedClock(closedStart.AddDays(30).AddMinutes(5));
        await new CloseContests(dbs, closedAt, seeds, sources).HandleAsync(ct);
        await new PayContestPrizes(dbs, closedAt).HandleAsync(ct);

        var runningStart = now.Date.AddDays(-5);
        await new SaveContest(dbs, new FixedClock(runningStart.AddHours(-2)), seeds, sources).HandleAsync(null, null, new ContestForm
        {
            Title = "December draw: 10 winners of 5,000 points",
            Description = "One entry for every purchase of 3,000 ₸ or more at any partner.",
            Kind = ContestKind.Draw,
            StartsAt = runningStart,
            EndsAt = runningStart.AddDays(30),
            EntryRule = EntryRule.PerPurchase,
            MinPurchase = 3_000,
            OnePrizePerCustomer = true,
            Prizes = [new PrizeForm { Kind = PrizeKind.Points, Title = "5,000 points", Points = 5_000, Quantity = 10 }],
        }, OperatorEmail, ct);
        await new SyncContestEntries(dbs, clock, sources).HandleAsync(ct);

        var boardStart = now.Date.AddDays(-7);
        await new SaveContest(dbs, new FixedClock(boardStart.AddHours(-2)), seeds, sources).HandleAsync(foodRetailId, null, new ContestForm
        {
            Title = "Most visits this month",
            Description = "The members who shop at Magnum Fresh on the most days win.",
            Kind = ContestKind.Leaderboard,
            StartsAt = boardStart,
            EndsAt = boardStart.AddDays(30),
            Metric = LeaderboardMetric.MostVisits,
            Prizes =
            [
                new PrizeForm { Kind = PrizeKind.Physical, Title = "Coffee machine", Quantity = 1 },
                new PrizeForm { Kind = PrizeKind.Points, Title = "10,000 points", Points = 10_000, Quantity = 2 },
            ],
        }, PartnerEmail, ct);
        // Closed ten days ago: its tote bag waits at the partner's tills for the winner (the cashier view shows it, 0290).
        var pastBoardStart = now.Date.AddDays(-38);
        await new SaveContest(dbs, new FixedClock(pastBoardStart.AddHours(-2)), seeds, sources).HandleAsync(foodRetailId, null, new ContestForm
        {
            Title = "Most visits in four weeks",
            Description = "The member who shops at Magnum Fresh on the most days wins a tote bag, collected at any till.",
            Kind = ContestKind.Leaderboard,
            StartsAt = pastBoardStart,
            EndsAt = pastBoardStart.AddDays(28),
            Metric = LeaderboardMetric.MostVisits,
            Prizes = [new PrizeForm { Kind = PrizeKind.Physical, Title = "Magnum Fresh tote bag", Quantity = 1 }],
        }, PartnerEmail, ct);
        await new CloseContests(dbs, new FixedClock(pastBoardStart.AddDays(28).AddMinutes(5)), seeds, sources).HandleAsync(ct);

        await using var db = factory.CreateDbContext();
        logger.LogInformation("Demo contests seeded: {Contests}, {Entries} entries", await db.Contests.CountAsync(ct), await db.ContestEntries.CountAsync(ct));
    }
}
