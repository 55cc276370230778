using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Loyalty.Web.PromoCodes;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Generates approved batches chunk by chunk; after a crash the next run continues at the next chunk.</summary>
[DisallowConcurrentExecution]
public sealed class GeneratePromoCodesJob(GenerateCodes generate, QrSheet sheet, PromoCodeSettings settings, ILogger<GeneratePromoCodesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await generate.HandleAsync(cancellationToken);
        foreach (var batch in run.CompletedBatches)
        {
            logger.LogInformation("Promo code batch {Batch} generated", batch);
            await sheet.WriteIfSmallAsync(batch, settings.QrSheetMaxCodes, cancellationToken);
        }
    }
}

/// <summary>Sends due mobile top-ups and reconciles requests a crash left in flight.</summary>
[DisallowConcurrentExecution]
public sealed class ProcessTopUpsJob(ProcessTopUps process, ILogger<ProcessTopUpsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await process.HandleAsync(ct: cancellationToken);
        if (run.Succeeded + run.Failed + run.Retrying > 0)
            logger.LogInformation("Top-ups: {Succeeded} paid, {Failed} failed (points returned), {Retrying} to retry", run.Succeeded, run.Failed, run.Retrying);
    }
}
