using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Tests.Messaging;

/// <summary>A fresh database and scenario; e-mail goes to a recording sender, or to a real SMTP server when <see cref="UseSmtp"/>.</summary>
public abstract class MessagingTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;
    protected Scenario Scenario { get; private set; } = default!;
    protected SmtpSink? Smtp { get; private set; }

    protected virtual bool UseSmtp => false;

    protected MessagingOptions Options { get; } = new() { EmailPerSecond = 0, SmsPerSecond = 0, Workers = 2, BatchSize = 50, PublicBaseUrl = "https://onecard.test", LinkSecret = "test-secret" };

    public async Task InitializeAsync()
    {
        if (UseSmtp) Smtp = await SmtpSink.StartAsync();
        Database = await TestDatabase.CreateAsync(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(Options));
            if (Smtp is not null)
            {
                services.Configure<SmtpOptions>(o =>
                {
                    o.Host = "127.0.0.1";
                    o.Port = Smtp.Port;
                    o.Security = MailKit.Security.SecureSocketOptions.None;
                    o.FromAddress = "news@onecard.test";
                    o.MaxConnections = Options.Workers;
                });
                services.Replace(ServiceDescriptor.Singleton<IEmailSender, SmtpEmailSender>());
            }
        });
        Scenario = await Scenario.CreateAsync(Database.Services);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
    }

    protected T Get<T>() where T : notnull => Database.Get<T>();

    /// <summary>A member of the scenario's partner (one purchase there) with the given consents.</summary>
    protected async Task<Customer> MemberAsync(string phone, string name, string? email, bool emailConsent, bool smsConsent, bool buys = true)
    {
        var customer = await Scenario.RegisterAsync(phone, name);
        await Get<ContactPreferences>().SaveAsync(customer.Id, email, emailConsent, smsConsent);
        if (buys) await Scenario.BuyAsync(customer.Id, 1000m);
        return customer;
    }

    protected async Task<Guid> MailingAsync(MessageChannel channel, string body, AudienceDefinition? audience = null, Guid? owner = null, bool useScenarioPartner = true, string? subject = "Hello {{ first_name }}")
    {
        var partner = useScenarioPartner ? Scenario.Partner.Id : owner;
        var id = await Get<SaveMailing>().HandleAsync(partner, null,
            new MailingDraft("Autumn news", channel, channel == MessageChannel.Sms ? null : subject, body, "20% off coffee", audience ?? AudienceDefinition.All), "staff@test");
        return id;
    }

    protected async Task SendNowAsync(Guid mailingId, Guid? owner)
    {
        await Get<ScheduleMailing>().HandleAsync(owner, mailingId, MailingAction.SendNow, null, "staff@test");
        await Get<QueueDueMailings>().HandleAsync();
    }

    protected async Task<List<OutgoingMessage>> RowsAsync(Guid mailingId)
    {
        await using var db = Database.Open();
        return await db.OutgoingMessages.AsNoTracking().Where(m => m.MailingId == mailingId).OrderBy(m => m.Id).ToListAsync();
    }
}
