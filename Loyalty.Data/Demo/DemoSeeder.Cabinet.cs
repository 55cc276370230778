using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Partners;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>
    /// The food retailer's counterparts and mailings, so the cabinet's contact book, mailings and message log are not
    /// empty on first sight. The e-mail news is scheduled for the moment of seeding: the messaging jobs fan it out and
    /// the development sender delivers it, so its message log holds real rows.
    /// </summary>
    private static async Task SeedCabinetAsync(LoyaltyDbContext db, Partner partner, DateTime now, CancellationToken ct)
    {
        var contacts = new (CounterpartKind Kind, string Name, string Company, string Position, string? Email, string? Phone, string Notes)[]
        {
            (CounterpartKind.Supplier, "Gulnara Seitkali", "Food Master Dairy", "Key account manager", "g.seitkali@foodmaster.example", "+7 701 555 12 40",
                "Co-funds double points on dairy twice a year. Wants the campaign results by store."),
            (CounterpartKind.Agency, "Pavel Orlov", "Bright Media", "Creative lead", "pavel@brightmedia.example", null,
                "Makes the e-mail templates and in-store posters. Send briefs two weeks ahead."),
            (CounterpartKind.Operator, "Aizhan Mukanova", "OneCard", "Partner success", "partners@onecard.example", "+7 727 355 00 00",
                "Our contact for statements and new terminals."),
            (CounterpartKind.Bank, "Ruslan Tokayev", "Halyk Bank", "Acquiring", null, "+7 727 259 07 77",
                "Card terminals in stores 2 and 3."),
        };
        foreach (var c in contacts)
        {
            var counterpart = new Counterpart(partner.Id, now.AddDays(-40));
            counterpart.Change(c.Kind, c.Name, c.Company, c.Position, c.Email, c.Phone, c.Notes, now.AddDays(-40));
            db.Counterparts.Add(counterpart);
        }

        var news = new Mailing(partner.Id, PartnerEmail, now.AddDays(-1));
        news.Edit("November news: double points on dairy", MessageChannel.Email, "Double points on dairy this week, {{ first_name }}",
            "Hello, {{ first_name }}!\n\nAll week long every litre of milk, kefir and yoghurt earns twice the points at {{ partner }}.\n\nYou have {{ balance }} points.",
            null, new AudienceDefinition(AudienceKind.AllCustomers), 7, now.AddDays(-1));
        news.Schedule(now, now);
        var draft = new Mailing(partner.Id, PartnerEmail, now);
        draft.Edit("Birthday greeting (SMS)", MessageChannel.Sms, null,
            "{{ first_name }}, happy birthday from {{ partner }}! A gift of points is already on your card.", null,
            new AudienceDefinition(AudienceKind.AllCustomers), 7, now);
        db.Mailings.AddRange(news, draft);
        await db.SaveChangesAsync(ct);
    }
}
