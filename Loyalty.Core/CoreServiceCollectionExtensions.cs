using Loyalty.Core.Common;
using Loyalty.Core.Contests;
using Loyalty.Core.Messaging;
using Loyalty.Core.Pos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every use case (a class implementing <see cref="IUseCase"/>) and every audience source
    /// (<see cref="IAudienceSource"/>) by convention, the clock, the POS reference-data cache, the write batcher and
    /// the messaging services.
    /// </summary>
    public static IServiceCollection AddLoyaltyCore(this IServiceCollection services)
    {
        var types = typeof(IUseCase).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();
        foreach (var type in types.Where(typeof(IUseCase).IsAssignableFrom)) services.AddTransient(type);
        foreach (var type in types.Where(typeof(IAudienceSource).IsAssignableFrom)) services.AddSingleton(typeof(IAudienceSource), type);
        foreach (var type in types.Where(typeof(IContestEntrySource).IsAssignableFrom)) services.AddSingleton(typeof(IContestEntrySource), type);
        services.AddSingleton<StandingsCache>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PosReferenceData>();
        services.AddSingleton<Campaigns.ActiveCampaigns>();
        services.AddSingleton<WriteBatcher>();
        services.AddSingleton<TillReaders>();
        services.AddSingleton<Integrations.IntegrationKeys>();
        services.TryAddSingleton(new Webhooks.WebhookOptions());
        services.TryAddSingleton(new MessagingOptions());
        services.AddSingleton<MessageLinks>();
        services.AddSingleton<MessageRenderer>();
        services.AddSingleton<AudienceQuery>();
        services.AddSingleton<ChannelThrottle>();
        return services;
    }
}
