using System.Globalization;
using System.Net;
using System.Resources;
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

    /// <summary>
    /// Every literal passed to a localizer — <c>L["…"]</c> in components, <c>l["…"]</c> in helpers that take one — must be a key
    /// of both resource files, compared after XML decoding (the files store an apostrophe as <c>&amp;#x27;</c>, which a
    /// text search misses) and after C# unescaping (a key may contain <c>\"</c>). The compiled Russian satellite assembly is
    /// then asked for each key, so a key that only looks right in the file still fails here.
    /// </summary>
    [Fact]
    public void EveryUiString_HasARussianTranslation()
    {
        var root = AppProcess.SolutionRoot();
        HashSet<string> Keys(string file) => XDocument.Load(Path.Combine(root, "Loyalty.Web", "Resources", file))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var english = Keys("SharedResource.resx");
        var russian = Keys("SharedResource.ru.resx");
        var used = UsedKeys(Path.Combine(root, "Loyalty.Web"));

        Assert.Contains("Use the program's tiers instead (5–20 % by status)", used);
        Assert.Contains("Outcome unknown", used); // from MessagingLabels, through a parameter named l
        Assert.Empty(used.Except(english));
        Assert.Empty(used.Except(russian));

        var resources = new ResourceManager(typeof(Loyalty.Web.SharedResource).FullName!.Replace("Loyalty.Web.", "Loyalty.Web.Resources."), typeof(Loyalty.Web.SharedResource).Assembly);
        var ru = CultureInfo.GetCultureInfo("ru");
        var untranslated = used.Where(key => resources.GetResourceSet(ru, true, false)?.GetString(key) is not { Length: > 0 }).ToList();
        Assert.Empty(untranslated);
    }

    [Fact]
    public void KeyScanner_FindsKeysWithApostrophesEscapedQuotesAndLowerCaseLocalizers()
    {
        var folder = Directory.CreateTempSubdirectory("l10n-scan-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "A.razor"), """<MudSwitch Label="@L["Use the member's card"]" /> @L[ "Say \"hi\"", 1]""");
            File.WriteAllText(Path.Combine(folder, "B.cs"), """static string X(IStringLocalizer l) => l["It's done"];""");
            Assert.Equal(["It's done", "Say \"hi\"", "Use the member's card"], UsedKeys(folder).Order(StringComparer.Ordinal));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    /// <summary>String literals indexed on a localizer (a variable named L or l) in .razor and .cs files, C# escapes undone.</summary>
    private static HashSet<string> UsedKeys(string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs"))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b[Ll]\[\s*""((?:[^""\\]|\\.)*)""").Select(m => Regex.Unescape(m.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);
}
