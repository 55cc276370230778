using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.PromoCodes;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PromoCodes;

/// <summary>
/// The manufacturer section of the cabinet, as manufacturer A's staff holding ids from manufacturer B's screens: B's product
/// cannot be edited (and stays as it was), and A's products, batches and activation statistics hold none of B's.
/// </summary>
public class ManufacturerIsolationTests : ScenarioTest
{
    private Partner _a = default!;
    private Guid _productA;
    private Partner _b = default!;
    private Guid _productB;

    private async Task TwoMakersAsync()
    {
        (_a, _productA) = await PromoTestData.MakerAsync(Database, points: 2);
        (_b, _productB) = await PromoTestData.MakerAsync(Database, points: 5);
        var save = Database.Get<SaveProduct>();
        await save.HandleAsync(_b.Id, new SaveProductCommand(_productB, "BRAVO-1", "Bravo secret snack", "Bravo", 5, null), "b@test");
    }

    [Fact]
    public async Task SaveProduct_WithAnotherManufacturersProductId_IsNotFound_AndTheirProductIsUnchanged()
    {
        await TwoMakersAsync();
        var save = Database.Get<SaveProduct>();

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            save.HandleAsync(_a.Id, new SaveProductCommand(_productB, "HIJACK", "Hijacked", "Alpha", 6, "https://evil.example/x.png"), "a@test"));
        Assert.Equal((404, "product-not-found"), (e.Status, e.Code));

        await using (var db = Database.Open())
        {
            var theirs = await db.Products.AsNoTracking().SingleAsync(p => p.Id == _productB);
            Assert.Equal((_b.Id, "BRAVO-1", "Bravo secret snack", "Bravo", 5, (string?)null),
                (theirs.PartnerId, theirs.Sku, theirs.Name, theirs.Brand, theirs.PointsPerCode, theirs.PhotoUrl));
            Assert.False(await db.Products.AnyAsync(p => p.Sku == "HIJACK"));
            Assert.False(await db.AuditEvents.AnyAsync(a => a.Kind == "product.updated" && a.PartnerId == _a.Id));
        }

        // B's SKU is B's own: A may use the same SKU without learning that B has it.
        var same = await save.HandleAsync(_a.Id, new SaveProductCommand(null, "BRAVO-1", "Alpha bar", "Alpha", 1, null), "a@test");
        Assert.NotEqual(_productB, same);
    }

    [Fact]
    public async Task ProductList_BatchList_AndActivationStats_HoldOnlyTheManufacturersOwn()
    {
        await TwoMakersAsync();
        var codesA = await PromoTestData.GeneratedCodesAsync(Database, _a.Id, _productA, 3);
        var codesB = await PromoTestData.GeneratedCodesAsync(Database, _b.Id, _productB, 4);
        var member = await Scenario.RegisterAsync("+77015557001", "Aru");
        var activate = Database.Get<ActivatePromoCode>();
        await activate.HandleAsync(new ActivationSource(member.Id, null, null), codesA[0], ActivationChannel.CustomerArea);
        foreach (var code in codesB.Take(2)) await activate.HandleAsync(new ActivationSource(member.Id, null, null), code, ActivationChannel.CustomerArea);

        var products = await Database.Get<ListProducts>().HandleAsync(_a.Id, null, 0, 100);
        var product = Assert.Single(products.Items);
        Assert.Equal((1, _productA, 3L, 1L), (products.Total, product.Id, product.Codes, product.Activated));
        Assert.Empty((await Database.Get<ListProducts>().HandleAsync(_a.Id, "Bravo", 0, 100)).Items);
        Assert.Empty((await Database.Get<ListProducts>().HandleAsync(_a.Id, "BRAVO-1", 0, 100)).Items);

        var batches = await Database.Get<ListCodeBatches>().HandleAsync(_a.Id, 0, 100);
        var batch = Assert.Single(batches.Items);
        Assert.Equal((_a.Id, _a.Name, 3, 1L), (batch.PartnerId, batch.PartnerName, batch.Quantity, batch.Activated));
        Assert.Equal(2, (await Database.Get<ListCodeBatches>().HandleAsync(null, 0, 100)).Total); // the operator sees both

        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var stats = await Database.Get<GetActivationStats>().HandleAsync(_a.Id, now.Date.AddDays(-29), now.Date.AddDays(1));
        Assert.Equal((1L, 2L), (stats.Total, stats.Points));
        Assert.Equal(["Tasty Crunchy cereal"], stats.ByProduct.Select(p => p.Label));
        Assert.Equal([$"#{batch.Number}"], stats.ByBatch.Select(b => b.Label));
        Assert.Equal(1L, Assert.Single(stats.ByDay).Activations);
        Assert.Equal(1L, stats.ByRegion.Sum(r => r.Activations));
        var theirs = await Database.Get<GetActivationStats>().HandleAsync(_b.Id, now.Date.AddDays(-29), now.Date.AddDays(1));
        Assert.Equal((2L, 10L, "Bravo Bravo secret snack"), (theirs.Total, theirs.Points, Assert.Single(theirs.ByProduct).Label));
    }
}
