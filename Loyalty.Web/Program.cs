using Loyalty.Core;
using Loyalty.Web.Infrastructure;
using Loyalty.Web.Integrations;
using Loyalty.Web.PromoCodes;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddLoyaltyDatabase(builder.Configuration, builder.Environment)
    .AddLoyaltyIdentity()
    .AddLoyaltyCore()
    .AddLoyaltyMessaging(builder.Configuration, builder.Environment)
    .AddLoyaltyPromoCodes(builder.Configuration, builder.Environment)
    .AddLoyaltyIntegrations(builder.Configuration, builder.Environment)
    .AddLoyaltyWeb(builder.Configuration);

var app = builder.Build();

// Admin tasks such as `-- create-operator --email … --password …` run and exit without serving.
if (await AdminCommands.TryRunAsync(app, args)) return;

await app.PrepareDatabaseAsync();

app.UseLoyaltyPipeline();
app.MapLoyaltyEndpoints();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
