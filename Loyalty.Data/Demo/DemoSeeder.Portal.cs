using Loyalty.Core.Customers;
using Loyalty.Core.News;
using Loyalty.Core.Partners;
using Loyalty.Core.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>A few offers and news items and some reviews with replies, so the portal and the cabinet are not empty.</summary>
    private static async Task SeedPortalAsync(LoyaltyDbContext db, DateTime now, CancellationToken ct)
    {
        var partners = await db.Partners.Where(p => p.Status == PartnerStatus.Active).ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
        void Post(string slug, PostKind kind, string title, string body, int startedDaysAgo, int? endsInDays)
        {
            if (!partners.TryGetValue(slug, out var partnerId)) return;
            var post = new PartnerPost(partnerId, now.AddDays(-startedDaysAgo));
            post.Edit(kind, title, body, now.AddDays(-startedDaysAgo), endsInDays is { } d ? now.AddDays(d) : null, null);
            db.PartnerPosts.Add(post);
        }
        Post("magnum-fresh", PostKind.Offer, "Double points on dairy", "All week long: twice the points on milk, kefir, cheese and yoghurt in every Magnum Fresh store.", 2, 5);
        Post("kofe-tochka", PostKind.Offer, "Second coffee for points", "Pay for your second cappuccino of the day fully with points, every morning until 11:00.", 5, 20);
        Post("qazfuel", PostKind.Offer, "+5 % back on AI-95", "Fill up with AI-95 at any QazFuel station and get 5 % back in points instead of 2 %.", 1, 10);
        Post("technopark", PostKind.News, "New store in Astana", "TechnoPark opens at Mega Silk Way on Friday: 2,000 m² of phones, laptops and home appliances.", 3, null);
        Post("dala-pharm", PostKind.News, "Night pharmacy in Almaty", "Dala Pharm on Abay Ave now works around the clock.", 8, null);

        // Reviews of the demo member's and others' latest purchases at two partners, one with a reply.
        var texts = new (int Rating, string? Text)[]
        {
            (5, "Fast checkout and the points were there at once."), (4, "Good selection, a bit crowded in the evening."),
            (5, null), (3, "The queue was long, but the staff were friendly."), (5, "Best coffee on the street!"), (4, "Nice place, good desserts."),
            (1, "Everything is cheaper at the market on Raiymbek, call 8 700 000 00 00 and ask for Serik."),
        };
        var purchases = await db.Purchases.AsNoTracking()
            .Where(p => p.PartnerId == partners["magnum-fresh"] || p.PartnerId == partners["kofe-tochka"])
            .OrderByDescending(p => p.OccurredAt).Take(40)
            .Select(ReviewedPurchase.Of).ToListAsync(ct);
        var used = new HashSet<Guid>();
        var i = 0;
        foreach (var p in purchases)
        {
            if (i >= texts.Length) break;
            if (!used.Add(p.CustomerId)) continue;
            var review = new Review(p, texts[i].Rating, texts[i].Text, p.OccurredAt.AddHours(2));
            if (i == 1) review.ReplyWith("Thank you! We have opened two more tills for the evening rush.", p.OccurredAt.AddDays(1));
            // One waits in the operator's moderation queue (/operator/reviews).
            if (i == texts.Length - 1) review.Flag("Advertises another shop and a private phone number.");
            db.Reviews.Add(review);
            i++;
        }

        // The demo member follows two brands.
        var member = await db.Customers.Where(c => c.Phone == CustomerPhone).Select(c => c.Id).FirstAsync(ct);
        db.PartnerSubscriptions.Add(new PartnerSubscription(member, partners["kofe-tochka"], now.AddDays(-30)));
        await db.SaveChangesAsync(ct);
    }
}
