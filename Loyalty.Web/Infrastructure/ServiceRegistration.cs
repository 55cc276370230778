using Loyalty.Core;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Data;
using Loyalty.Data.Identity;
using Loyalty.Web.Account;
using Loyalty.Web.Jobs;
using Loyalty.Web.Integrations;
using Loyalty.Web.Pos;
using Loyalty.Web.Messaging;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace Loyalty.Web.Infrastructure;

/// <summary>The app's services, one method per concern, in the order Program.cs reads them.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddLoyaltyDatabase(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        services.AddLoyaltyData(configuration, environment.ContentRootPath);
        services.AddHealthChecks().AddDbContextCheck<LoyaltyDbContext>("database");
        return services;
    }

    public static IServiceCollection AddLoyaltyIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "loyalty.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // Print files are fetched by people and by the printer's scripts alike: a refusal is a 401/403 ProblemDetails,
            // never a sign-in page that a script would save as "cards.csv" (0170).
            options.Events.OnRedirectToLogin = context => DownloadProblems.RefuseOrRedirectAsync(context, 401);
            options.Events.OnRedirectToAccessDenied = context => DownloadProblems.RefuseOrRedirectAsync(context, 403);
        });
        // A role change or deactivation renews the user's security stamp; open sessions notice within this interval (0171).
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IConfiguration>((options, configuration) =>
            options.ValidationInterval = configuration.GetValue("Identity:SessionCheckInterval", TimeSpan.FromMinutes(1)));
        services.AddIdentityCore<AppUser>(options =>
            {
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Password.RequiredLength = 8;
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<LoyaltyDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<LoyaltyClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthorization(options => PartnerCrm.PartnerPolicies.AddPartnerPolicies(options));
        services.AddScoped<PartnerCrm.PartnerStaffDirectory>();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<CustomerSignIn>();
        services.AddScoped<Referrals.ReferralSignIn>();
        services.AddScoped<Analytics.AnalyticsReports>();
        services.AddScoped<Partners.PartnerAdminInvitation>();
        services.AddScoped<Staff.OperatorStaff>();
        return services;
    }

    /// <summary>
    /// Real providers when configured (Smtp, Twilio sections); otherwise the dev outbox in Development and a clear refusal
    /// elsewhere. The link secret signs unsubscribe and tracking links.
    /// </summary>
    public static IServiceCollection AddLoyaltyMessaging(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        services.Replace(ServiceDescriptor.Singleton(messaging));
        // Checked when the server starts (not for admin commands): links signed with a known secret could be forged.
        var secretOptional = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.Section))
            .Validate(o => secretOptional || o.LinkSecret.Length > 0, "Messaging:LinkSecret is empty: set a long random secret (it signs unsubscribe and tracking links).")
            .ValidateOnStart();

        services.Configure<TwilioOptions>(configuration.GetSection(TwilioOptions.Section));
        var twilio = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        if (twilio.IsConfigured)
            services.AddHttpClient<ISmsSender, TwilioSmsSender>(c => c.Timeout = TimeSpan.FromSeconds(20));
        else if (environment.IsDevelopment())
            services.AddSingleton<ISmsSender, DevOutboxSmsSender>();
        else
            services.AddSingleton<ISmsSender, UnconfiguredSmsSender>();

        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.IsConfigured)
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        else if (environment.IsDevelopment())
            services.AddSingleton<IEmailSender, DevOutboxEmailSender>();
        else
            services.AddSingleton<IEmailSender, UnconfiguredEmailSender>();
        return services;
    }

    public static IServiceCollection AddLoyaltyWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddHttpContextAccessor();
        services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        // Keys in the database: every node decrypts the cookies and antiforgery tokens another node issued (docs/decisions/0110).
        services.AddDataProtection().SetApplicationName("OneCard").PersistKeysToDbContext<LoyaltyDbContext>();
        // Binding failures (malformed JSON, wrong types) throw, so the exception handler answers with ProblemDetails.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOpenApi("pos");
        services.AddLogging(logging => logging.AddConsoleFormatter<RedactingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>());
        services.AddOpenApi(Integrations.IntegrationApi.DocumentName, options => options.AddIntegrationExamples());
        services.AddLoyaltyRateLimits(configuration);
        services.AddLoyaltyScaleOut(configuration);
        services.AddLoyaltyJobs(configuration);
        services.AddSingleton<PromoCodes.QrSheet>();
        services.AddDataProtection();
        services.AddSingleton<Loyalty.Core.Contests.ISeedProtector, Contests.DataProtectionSeedProtector>();
        return services;
    }

    /// <summary>
    /// Several nodes behind a proxy (docs/decisions/0110, docs/deployment.md): trust the proxy's X-Forwarded-* so that
    /// HTTPS, client addresses (rate limits, audit) and Secure cookies are right, and, when configured, let SignalR
    /// hubs broadcast through Redis. Blazor circuits need sticky sessions, not the backplane.
    /// </summary>
    private static void AddLoyaltyScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
                foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                    options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            });
        }
        if (configuration["SignalR:Redis"] is { Length: > 0 } redis)
            services.AddSignalR().AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("onecard"));
    }
}
