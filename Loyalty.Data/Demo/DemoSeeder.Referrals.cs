using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// A small referral tree so the operator's referral screen and a member's "Invite friends" page show something real:
    /// one member invited four friends (the demo member among them), one of them two more, and one of those one more (three
    /// levels); another member invited two. Each friend was referred when they joined, so the referral job (every few seconds after start) pays the
    /// chain for their purchases since then, as it would have.
    /// </summary>
    private static async Task SeedReferralsAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var members = await db.Customers.OrderBy(c => c.Phone).Select(c => new { c.Id, c.RegisteredAt }).Take(14).ToListAsync(ct);
        if (members.Count < 14) return;
        // (friend, referrer) by position in phone order. Position 0, the demo member (+77010000001), joined by the second
        // member's link: the rewards for the demo member's purchases go up to that member, so the demo member's own history
        // stays about their purchases.
        (int Friend, int Referrer)[] tree = [(0, 1), (2, 1), (3, 1), (4, 1), (5, 2), (6, 2), (7, 5), (12, 11), (13, 11)];
        foreach (var (friend, referrer) in tree)
        {
            var (id, joined, by) = (members[friend].Id, members[friend].RegisteredAt, members[referrer].Id);
            await db.Customers.Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReferrerId, by).SetProperty(c => c.ReferredAt, joined), ct);
        }
    }
}
