using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Web;

public class LocalizationTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RussianCookie_RendersTheHomePageInRussian()
    {
        var client = _app.CreateBrowserLikeClient();
        var switched = await client.GetAsync("/preferences/culture?culture=ru&returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("Одна карта — все партнёры", html);
        Assert.Contains("lang=\"ru\"", html);
    }

    [Fact]
    public async Task Preferences_RefuseToRedirectOffSite()
    {
        var response = await _app.CreateBrowserLikeClient().GetAsync("/preferences/theme?mode=dark&returnUrl=//evil.example/");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public void EveryUiString_HasARussianTranslation()
    {
        var root = AppProcess.SolutionRoot();
        var russian = XDocument.Load(Path.Combine(root, "Loyalty.Web", "Resources", "SharedResource.ru.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(root, "Loyalty.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "L\\[\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(russian));
    }
}
