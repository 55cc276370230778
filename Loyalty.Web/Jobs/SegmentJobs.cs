using Loyalty.Core.Segments;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Profiles, RFM scores and the day's segment history; a second run on the same day replaces the day's figures.</summary>
[DisallowConcurrentExecution]
public sealed class RecalculateSegmentsJob(RecalculateSegments recalculate, ILogger<RecalculateSegmentsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await recalculate.HandleAsync(ct: cancellationToken);
        logger.LogInformation("Segments recalculated for {Day:d}: {Profiles} new profile(s), {Scored} scored; profiles {ProfilesTook}, scoring {ScoringTook}",
            result.Day, result.Profiles, result.Scored, result.ProfilesTook, result.ScoringTook);
    }
}
