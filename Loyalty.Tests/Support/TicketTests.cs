using System.Text;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Support;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Support;

public class TicketTests : ScenarioTest
{
    private const string PartnerUser = "owner@test.example";
    private const string Agent = "agent@onecard.local";

    private Task<long> OpenAsync(Guid partnerId, TicketPriority priority = TicketPriority.High, IReadOnlyList<IncomingFile>? files = null) =>
        Database.Get<OpenTicket>().HandleAsync(new OpenTicketCommand(partnerId, PartnerUser, "Till 3 rejects cards", TicketCategory.PosTerminals, priority,
            "Since this morning the till says 'unknown card'.", files));

    [Fact]
    public async Task OpenedTicket_IsDueByItsPriority_AndTheDeskSeesItAsNewAndUnread()
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var id = await OpenAsync(Scenario.Partner.Id, TicketPriority.Urgent, [new IncomingFile("screen.png", [1, 2, 3])]);

        var desk = await Database.Get<SearchTickets>().HandleAsync(new TicketQuery(null, 0, 20, OpenOnly: true));
        var row = Assert.Single(desk.Items);
        Assert.Equal(id, row.Id);
        Assert.Equal(TicketStatus.New, row.Status);
        Assert.Equal(now.AddHours(4), row.DueAt);
        Assert.True(row.Unread);
        Assert.False(row.Overdue);

        Database.Clock.Advance(TimeSpan.FromHours(5));
        var overdue = await Database.Get<SearchTickets>().HandleAsync(new TicketQuery(null, 0, 20, OverdueOnly: true));
        Assert.True(Assert.Single(overdue.Items).Overdue);

        var view = await Database.Get<GetTicket>().HandleAsync(id, null);
        var attachment = Assert.Single(Assert.Single(view.Messages).Attachments);
        Assert.Equal("screen.png", attachment.FileName);
        var file = await Database.Get<GetTicketAttachment>().HandleAsync(attachment.Id, Scenario.Partner.Id);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal([1, 2, 3], file.Content);
        Assert.False(Assert.Single((await Database.Get<SearchTickets>().HandleAsync(new TicketQuery(null, 0, 20))).Items).Unread);
    }

    [Fact]
    public async Task OperatorReply_TakesTheTicket_FlagsItForThePartner_AndEmailsTheOpener()
    {
        var id = await OpenAsync(Scenario.Partner.Id);
        Database.Clock.Advance(TimeSpan.FromMinutes(20));

        await Database.Get<ReplyToTicket>().HandleAsync(new ReplyToTicketCommand(id, null, Agent, "Please restart the till; we re-issued its key."));

        var partnerView = await Database.Get<SearchTickets>().HandleAsync(new TicketQuery(Scenario.Partner.Id, 0, 20));
        var row = Assert.Single(partnerView.Items);
        Assert.True(row.Unread);
        Assert.Equal(TicketStatus.InProgress, row.Status);
        Assert.Equal(Agent, row.Assignee);
        await using var db = Database.Open();
        var mail = await db.OutgoingMessages.AsNoTracking().SingleAsync(m => m.Recipient == PartnerUser);
        Assert.Equal(MessageChannel.Email, mail.Channel);
        Assert.Contains("Please restart the till", mail.Body);
        Assert.Contains($"/partner/support/{id}", mail.Body);

        var thread = await Database.Get<GetTicket>().HandleAsync(id, Scenario.Partner.Id);
        Assert.Equal([false, true], thread.Messages.Select(m => m.FromOperator));
        Assert.NotNull(thread.FirstResponseAt);
    }

    [Fact]
    public async Task AnotherPartner_CannotSeeReplyToOrDownloadFromATicket()
    {
        var id = await OpenAsync(Scenario.Partner.Id, files: [new IncomingFile("log.txt", Encoding.UTF8.GetBytes("error 42"))]);
        var other = await Scenario.CreateAsync(Database.Services);
        var attachmentId = (await Database.Get<GetTicket>().HandleAsync(id, null)).Messages[0].Attachments[0].Id;

        Assert.Empty((await Database.Get<SearchTickets>().HandleAsync(new TicketQuery(other.Partner.Id, 0, 20))).Items);
        var read = await Assert.ThrowsAsync<DomainException>(() => Database.Get<GetTicket>().HandleAsync(id, other.Partner.Id));
        Assert.Equal(404, read.Status);
        var reply = await Assert.ThrowsAsync<DomainException>(() =>
            Database.Get<ReplyToTicket>().HandleAsync(new ReplyToTicketCommand(id, other.Partner.Id, "intruder@x.example", "hello")));
        Assert.Equal(404, reply.Status);
        var file = await Assert.ThrowsAsync<DomainException>(() => Database.Get<GetTicketAttachment>().HandleAsync(attachmentId, other.Partner.Id));
        Assert.Equal(404, file.Status);
        await using var db = Database.Open();
        Assert.Equal(1, await db.TicketMessages.CountAsync());
    }

    [Theory]
    [InlineData("virus.exe", 10)]
    [InlineData("big.pdf", TicketFiles.MaxBytes + 1)]
    [InlineData("empty.png", 0)]
    public async Task ForbiddenOrOversizedAttachments_AreRejected_AndNothingIsWritten(string name, int size)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => OpenAsync(Scenario.Partner.Id, files: [new IncomingFile(name, new byte[size])]));
        Assert.True(error.Errors.ContainsKey("files"));
        await using var db = Database.Open();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task PartnerReply_ReopensAResolvedTicket_AndAClosedOneStaysClosed()
    {
        var id = await OpenAsync(Scenario.Partner.Id);
        var update = Database.Get<UpdateTicket>();
        await update.HandleAsync(new UpdateTicketCommand(id, Agent, TicketStatus.Resolved, TicketPriority.High, Agent));
        await Database.Get<ReplyToTicket>().HandleAsync(new ReplyToTicketCommand(id, Scenario.Partner.Id, PartnerUser, "Still broken."));
        Assert.Equal(TicketStatus.InProgress, (await Database.Get<GetTicket>().HandleAsync(id, null)).Status);

        await update.HandleAsync(new UpdateTicketCommand(id, Agent, TicketStatus.Closed, TicketPriority.High, Agent));
        var closed = await Assert.ThrowsAsync<DomainException>(() =>
            Database.Get<ReplyToTicket>().HandleAsync(new ReplyToTicketCommand(id, Scenario.Partner.Id, PartnerUser, "Hello?")));
        Assert.Equal("ticket-closed", closed.Code);
        await using var db = Database.Open();
        Assert.Contains(await db.AuditEvents.Select(e => e.Kind).ToListAsync(), k => k == "ticket.updated");
    }
}
