using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Support;

namespace Loyalty.Data.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>A small print run of plastic cards and three support tickets (one overdue, one answered, one resolved).</summary>
    private static async Task SeedConsoleDeskAsync(LoyaltyDbContext db, Partner partner, DateTime now, CancellationToken ct)
    {
        var batch = new CardBatch("Launch print run (demo)", 642_100_000_000_000, 40, OperatorEmail, now.AddDays(-20));
        db.CardBatches.Add(batch);
        for (var i = 0; i < batch.Count; i++)
            db.Cards.Add(new Card(CardNumber.Complete((batch.FirstBody + i).ToString("D15")), batch.CreatedAt, batch.Id));

        var overdue = new Ticket(partner.Id, "Till 2 does not print the points balance", TicketCategory.PosTerminals, TicketPriority.Normal, PartnerEmail, now.AddHours(-30));
        var answered = new Ticket(partner.Id, "How is the May statement's fee calculated?", TicketCategory.Settlements, TicketPriority.Low, PartnerEmail, now.AddHours(-20));
        var resolved = new Ticket(partner.Id, "Add our new store on Dostyk Ave", TicketCategory.Question, TicketPriority.High, PartnerEmail, now.AddDays(-6));
        db.Tickets.AddRange(overdue, answered, resolved);
        await db.SaveChangesAsync(ct);
        db.TicketMessages.Add(new TicketMessage(overdue.Id, PartnerEmail, false, "Since yesterday the receipt on till 2 ends before the points balance line. Till 1 is fine.", overdue.CreatedAt));
        db.TicketMessages.Add(new TicketMessage(answered.Id, PartnerEmail, false, "Our May statement shows a fee of 2.5 %. Is it on issued points only?", answered.CreatedAt));
        db.TicketMessages.Add(new TicketMessage(answered.Id, OperatorEmail, true, "Yes: the fee is 2.5 % of the value of points you issued; redeemed points are reimbursed without a fee.", answered.CreatedAt.AddHours(3)));
        answered.OperatorReplied(OperatorEmail, answered.CreatedAt.AddHours(3));
        db.TicketMessages.Add(new TicketMessage(resolved.Id, PartnerEmail, false, "We open a store at 120 Dostyk Ave next Monday. Please add it with a terminal.", resolved.CreatedAt));
        db.TicketMessages.Add(new TicketMessage(resolved.Id, OperatorEmail, true, "Done: the store is added and its terminal key is in your cabinet under POS terminals.", resolved.CreatedAt.AddHours(2)));
        resolved.OperatorReplied(OperatorEmail, resolved.CreatedAt.AddHours(2));
        resolved.ChangeStatus(TicketStatus.Resolved, resolved.CreatedAt.AddHours(2));
        await db.SaveChangesAsync(ct);
    }
}
