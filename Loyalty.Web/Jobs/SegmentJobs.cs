using Loyalty.Core.Segments;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Profiles, RFM scores and the day's segment history, then every rule-based segment; a second run on the same day replaces the day's figures.</summary>
[DisallowConcurrentExecution]
public sealed class RecalculateSegmentsJob(RecalculateSegments recalculate, RefreshSegments refresh, ILogger<RecalculateSegmentsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await recalculate.HandleAsync(ct: cancellationToken);
        logger.LogInformation("Segments recalculated for {Day:d}: {Profiles} new profile(s), {Scored} scored; profiles {ProfilesTook}, scoring {ScoringTook}",
            result.Day, result.Profiles, result.Scored, result.ProfilesTook, result.ScoringTook);
        // Rule-based segments read the fresh profiles and RFM scores, so they refresh after them.
        var segments = await refresh.HandleAsync(ct: cancellationToken);
        logger.LogInformation("Dynamic segments refreshed: {Segments}", segments);
    }
}
