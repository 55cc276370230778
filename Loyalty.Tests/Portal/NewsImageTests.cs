using System.Net;
using System.Text;
using Loyalty.Core.Common;
using Loyalty.Core.News;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Portal;

/// <summary>A post's picture: checked by its bytes, kept in the database, served publicly only while the post is on the portal (0152).</summary>
public class NewsImageTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _a = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _ = _app.Server;
        _a = await Scenario.CreateAsync(_app.Services);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private ManagePartnerPosts Posts => _app.Services.GetRequiredService<ManagePartnerPosts>();

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<html><body>not a picture</body></html>")]
    [InlineData("")]
    public async Task Picture_ThatIsNotPngJpegGifOrWebp_IsRefused_AndNothingIsStored(string content)
    {
        var id = await Posts.SaveAsync(_a.Partner.Id, null, new PostForm(PostKind.News, "Hello", "Text", DateTime.UtcNow.AddMinutes(-1), null, null), "a");
        var error = await Assert.ThrowsAsync<ValidationException>(() => Posts.SetImageAsync(_a.Partner.Id, id, Encoding.UTF8.GetBytes(content), "a"));
        Assert.Contains("image", error.Errors.Keys);
        Assert.Null((await Posts.ListAsync(_a.Partner.Id)).Single().ImageUrl);
    }

    [Fact]
    public async Task Picture_LargerThan1MB_IsRefused()
    {
        var id = await Posts.SaveAsync(_a.Partner.Id, null, new PostForm(PostKind.News, "Hello", "Text", null, null, null), "a");
        var big = new byte[PostImages.MaxBytes + 1];
        Png.CopyTo(big, 0);
        await Assert.ThrowsAsync<ValidationException>(() => Posts.SetImageAsync(_a.Partner.Id, id, big, "a"));
    }

    [Fact]
    public async Task PublishedPostsPicture_IsServedToAnyone_WithItsRealType_AndShownOnThePortal()
    {
        var id = await Posts.SaveAsync(_a.Partner.Id, null, new PostForm(PostKind.News, "New bakery", "Fresh bread daily", DateTime.UtcNow.AddMinutes(-1), null, null), "a");
        await Posts.SetImageAsync(_a.Partner.Id, id, Png, "a");
        var url = (await Posts.ListAsync(_a.Partner.Id)).Single().ImageUrl!;

        var client = _app.CreateClient();
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());

        var page = await client.GetStringAsync($"/partners/{_a.Partner.Slug}");
        Assert.Contains(WebUtility.HtmlEncode(url), page);

        // Archived: gone from the portal, and its picture with it.
        await Posts.ArchiveAsync(_a.Partner.Id, id, "a");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task DraftsPicture_IsNotServedToThePublic()
    {
        var id = await Posts.SaveAsync(_a.Partner.Id, null, new PostForm(PostKind.Offer, "Coming soon", "Secret sale", null, null, null), "a");
        await Posts.SetImageAsync(_a.Partner.Id, id, Png, "a");
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/news/images/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/news/images/{Guid.NewGuid()}")).StatusCode);
    }
}
