using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// A small referral tree so the operator's referral screen and the member's "Invite friends" page show something real:
    /// the demo member invited four friends, one of them two more, and one of those one more (three levels); another member
    /// invited two. Each friend was referred when they joined, so the referral job (every few seconds after start) pays the
    /// chain for their purchases since then, as it would have.
    /// </summary>
    private static async Task SeedReferralsAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var members = await db.Customers.OrderBy(c => c.Phone).Select(c => new { c.Id, c.RegisteredAt }).Take(14).ToListAsync(ct);
        if (members.Count < 14) return;
        // (friend, referrer) by position in phone order; position 0 is the demo member (+77010000001).
        (int Friend, int Referrer)[] tree = [(1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (6, 1), (7, 5), (12, 11), (13, 11)];
        foreach (var (friend, referrer) in tree)
        {
            var (id, joined, by) = (members[friend].Id, members[friend].RegisteredAt, members[referrer].Id);
            await db.Customers.Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReferrerId, by).SetProperty(c => c.ReferredAt, joined), ct);
        }
    }
}
