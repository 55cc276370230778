using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core.PromoCodes;

public static class PromoCodeServices
{
    /// <summary>Registers the settings, the keyed hasher and the print-file store the promo-code use cases need.</summary>
    public static IServiceCollection AddPromoCodes(this IServiceCollection services, PromoCodeSettings settings, PromoCodeHasher hasher) =>
        services.AddPromoCodes(settings, () => hasher);

    /// <summary>The key is read on first use, so admin commands that never touch codes run without it.</summary>
    public static IServiceCollection AddPromoCodes(this IServiceCollection services, PromoCodeSettings settings, Func<PromoCodeHasher> hasher)
    {
        services.AddSingleton(settings);
        services.AddSingleton(_ => hasher());
        services.AddSingleton<PrintFiles>();
        return services;
    }
}
