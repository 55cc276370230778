using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Loyalty.Web.Pos;

/// <summary>
/// A token bucket per API key: a till makes a few calls a second, so the default (200/s, burst 400) only stops a
/// runaway script. Counters are per process; with several nodes the effective limit is per node (docs/decisions/0006).
/// </summary>
internal static class PosRateLimiting
{
    public static IServiceCollection AddPosRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = configuration.GetValue("Pos:RateLimitPerSecond", 200);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await TypedResults.Problem(statusCode: 429, title: "Too many requests from this terminal. Retry in a second.",
                    type: Infrastructure.ApiExceptionHandler.TypeBase + "rate-limited").ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(PosApi.RateLimitPolicy, http =>
            {
                var key = http.Request.Headers[PosApi.ApiKeyHeader].ToString();
                var partition = key.Length > 0 ? "key:" + Core.Partners.PosTerminal.HashKey(key) : "ip:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond * 2,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        return services;
    }
}
