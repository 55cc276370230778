using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers every use case (a class implementing <see cref="IUseCase"/>) by convention, the clock, the POS reference-data cache and the write batcher.</summary>
    public static IServiceCollection AddLoyaltyCore(this IServiceCollection services)
    {
        var useCases = typeof(IUseCase).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUseCase).IsAssignableFrom(t));
        foreach (var type in useCases) services.AddTransient(type);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PosReferenceData>();
        services.AddSingleton<WriteBatcher>();
        return services;
    }
}
