using Loyalty.Core.Campaigns;
using Loyalty.Core.Partners;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    public const string DemoSegmentName = "VIP guests";

    /// <summary>
    /// A static "VIP guests" group at Magnum Fresh (the demo member and a few others) and campaigns that show every state
    /// in the list and the calendar without changing what a demo purchase earns today: a draft, a scheduled special offer,
    /// an ended bonus, and the operator's birthday certificate.
    /// </summary>
    private static async Task SeedCampaignsAsync(LoyaltyDbContext db, Partner foodRetail, DateTime now, CancellationToken ct)
    {
        var vip = new Segment(foodRetail.Id, DemoSegmentName, SegmentKind.Static, "{}", now);
        db.Segments.Add(vip);
        await db.SaveChangesAsync(ct);
        var members = await db.Customers.OrderBy(c => c.Phone).Select(c => c.Id).Take(12).ToListAsync(ct);
        foreach (var member in members)
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "SegmentMembers" ("SegmentId", "CustomerId") VALUES ({vip.Id}, {member})""", ct);
        vip.Refreshed(members.Count, now);

        var today = now.Date;
        db.Campaigns.AddRange(
            new Campaign(foodRetail.Id, "Double points for VIP guests", CampaignType.PurchaseBonus, now)
            {
                StartsAt = today.AddDays(7), EndsAt = today.AddDays(21), RewardKind = RewardKind.Multiplier, RewardValue = 200, SegmentId = vip.Id,
                BudgetPoints = 50_000_00, Description = "Draft for next month's VIP week",
            },
            new Campaign(foodRetail.Id, "Weekend dairy +10 %", CampaignType.SpecialOffer, now)
            {
                Status = CampaignStatus.Scheduled, StartsAt = today.AddDays(3), EndsAt = today.AddDays(5), RewardKind = RewardKind.ExtraPercent, RewardValue = 1000,
                Categories = "Dairy", DaysOfWeek = 0b1100000, PerCustomerLimit = 2, BudgetPoints = 20_000_00,
            },
            new Campaign(foodRetail.Id, "Autumn welcome back", CampaignType.PurchaseBonus, now)
            {
                Status = CampaignStatus.Ended, StartsAt = today.AddDays(-30), EndsAt = today.AddDays(-16), RewardKind = RewardKind.FixedPoints, RewardValue = 200_00,
                FirstPurchaseOnly = true,
            },
            new Campaign(null, "Happy birthday", CampaignType.Birthday, now)
            {
                Status = CampaignStatus.Active, StartsAt = today.AddDays(-60), RewardKind = RewardKind.Certificate, RewardValue = 1_000_00, TriggerDays = 3,
                CertificateValidDays = 15, CertificateCapBp = 700, ControlPercent = 10,
            });
        await db.SaveChangesAsync(ct);
    }
}
