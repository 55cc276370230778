using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;

namespace Loyalty.Web.PromoCodes;

public static class PromoCodeRegistration
{
    /// <summary>
    /// Promo codes and top-ups. The HMAC key comes from configuration only (environment variable
    /// <c>PromoCodes__HmacKey</c>, user secrets or appsettings.Development.json for the demo); without it the app does not start
    /// serving (checked in <c>PrepareDatabaseAsync</c>); admin commands do not need it.
    /// </summary>
    public static IServiceCollection AddLoyaltyPromoCodes(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var settings = configuration.GetSection(PromoCodeSettings.Section).Get<PromoCodeSettings>() ?? new PromoCodeSettings();
        if (string.IsNullOrWhiteSpace(settings.PrintFilesPath))
            settings.PrintFilesPath = Path.Combine(environment.ContentRootPath, "App_Data", "print-files");
        services.AddPromoCodes(settings, () => PromoCodeHasher.FromBase64(configuration[$"{PromoCodeSettings.Section}:HmacKey"]));

        var gateway = configuration.GetSection(TopUpGatewayOptions.Section).Get<TopUpGatewayOptions>() ?? new TopUpGatewayOptions();
        if (gateway.IsConfigured)
            services.AddHttpClient<ITopUpGateway, HttpTopUpGateway>(http => HttpTopUpGateway.Configure(http, gateway));
        else
            services.AddSingleton<ITopUpGateway, UnconfiguredTopUpGateway>();
        return services;
    }
}
