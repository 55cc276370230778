using System.Text;
using Loyalty.Core.Webhooks;

namespace Loyalty.Web.Integrations;

/// <summary>Posts a signed delivery as JSON. Redirects are not followed (a redirect could point anywhere); any 2xx is success.</summary>
public sealed class HttpWebhookSender(HttpClient http) : IWebhookSender
{
    public async Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new StringContent(request.Body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        message.Headers.UserAgent.ParseAdd("OneCard-Webhooks/1.0");
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            return new WebhookResponse((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookResponse(null, "Timed out waiting for the endpoint.");
        }
        catch (HttpRequestException e)
        {
            return new WebhookResponse(null, e.Message);
        }
    }
}

public static class IntegrationRegistration
{
    /// <summary>Webhook dispatch, imports and the integration API's helpers, with their settings.</summary>
    public static IServiceCollection AddLoyaltyIntegrations(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var webhooks = configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton(webhooks);
        services.AddHttpClient<IWebhookSender, HttpWebhookSender>(c => c.Timeout = TimeSpan.FromSeconds(webhooks.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var imports = configuration.GetSection(Core.Imports.ImportOptions.Section).Get<Core.Imports.ImportOptions>() ?? new Core.Imports.ImportOptions();
        if (string.IsNullOrWhiteSpace(imports.Folder)) imports.Folder = Path.Combine(environment.ContentRootPath, "App_Data", "imports");
        services.AddSingleton(imports);
        services.AddSingleton<ExportCursor>();
        return services;
    }
}
