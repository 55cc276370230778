using System.Globalization;
using Loyalty.Data;
using Loyalty.Data.Demo;
using Loyalty.Data.Identity;
using Loyalty.Web.Account;
using Loyalty.Web.Audit;
using Loyalty.Web.Components;
using Loyalty.Web.Contests;
using Loyalty.Web.Members;
using Loyalty.Web.Messaging;
using Loyalty.Web.Integrations;
using Loyalty.Web.Pos;
using Loyalty.Web.PromoCodes;
using Loyalty.Web.Referrals;
using Loyalty.Web.Analytics;
using Loyalty.Web.Settlements;
using Loyalty.Web.Support;
using Loyalty.Web.Cards;
using Scalar.AspNetCore;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;

namespace Loyalty.Web.Infrastructure;

public static class Pipeline
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("ru")];

    /// <summary>Migrates the database, makes sure the roles exist and, in Development, seeds the demo coalition.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        // Fail at start, not at the first activation, when the promo-code key is missing or too short.
        app.Services.GetRequiredService<Loyalty.Core.PromoCodes.PromoCodeHasher>();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);

        if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Demo:Seed", false))
        {
            var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider);
            await seeder.SeedAsync();
            app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
                "Demo sign-ins at {Urls}: {Operator} / {Password} (operator), {Partner} / {Password} (partner admin), " +
                "{Cashier} / {Password} (cashier), customer phone {Phone} (code in /dev/outbox), POS key {PosKey}",
                string.Join(", ", app.Urls), DemoSeeder.OperatorEmail, DemoSeeder.Password, DemoSeeder.PartnerEmail, DemoSeeder.Password,
                DemoSeeder.CashierEmail, DemoSeeder.Password, DemoSeeder.CustomerPhone, DemoSeeder.PosKey));
        }
    }

    public static WebApplication UseLoyaltyPipeline(this WebApplication app)
    {
        // First, so that everything after sees the client's scheme and address, not the proxy's (docs/deployment.md).
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false)) app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", CreateScopeForErrors = true });
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseMiddleware<ApiStatusProblems>();

        // Tills call the API hundreds of times a second: its requests skip what only pages and forms need.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = SupportedCultures,
            SupportedUICultures = SupportedCultures,
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        // Till and integration keys are checked before anything reads the request (PosKeyGate, IntegrationKeyGate).
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Pos.PosApi.BasePath), pos => pos.UseMiddleware<Pos.PosKeyGate>());
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Integrations.IntegrationApi.BasePath), api => api.UseMiddleware<Integrations.IntegrationKeyGate>());
        return app;
    }

    public static WebApplication MapLoyaltyEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapAccountEndpoints();
        app.MapMemberDataEndpoints();
        app.MapPosApi();
        app.MapIntegrationApi();
        app.MapImportFileEndpoints();
        app.MapMessageLinkEndpoints();
        app.MapTwilioEndpoints();
        app.MapPrintFileEndpoints();
        app.MapSettlementEndpoints();
        app.MapTicketEndpoints();
        app.MapCardPrintFileEndpoints();
        app.MapAuditExportEndpoints();
        PartnerCrm.CustomerExportEndpoints.MapPartnerCustomerExport(app);
        app.MapContestEndpoints();
        app.MapReferralEndpoints();
        app.MapAnalyticsExportEndpoints();
        Segments.RfmExportEndpoints.MapRfmExportEndpoints(app);
        Campaigns.CampaignExportEndpoints.MapCampaignExportEndpoints(app);
        News.NewsImageEndpoints.MapNewsImageEndpoints(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", options => options.WithTitle("OneCard APIs")
            .AddDocument("pos", "POS API", isDefault: true).AddDocument(Integrations.IntegrationApi.DocumentName, "Integration API"));
        app.MapPreferenceEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        return app;
    }
}
