using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.PromoCodes;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PromoCodes;

/// <summary>A manufacturer with one product, and helpers to get a generated batch through the real use cases.</summary>
internal static class PromoTestData
{
    public static Task<(Partner Maker, Guid ProductId)> MakerAsync(TestDatabase database, int points = 2) => MakerAsync(database.Services, points);

    public static async Task<(Partner Maker, Guid ProductId)> MakerAsync(IServiceProvider services, int points = 2)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var maker = new Partner("Tasty Foods " + Guid.NewGuid().ToString("N")[..6], "maker-" + Guid.NewGuid().ToString("N")[..10], BusinessArea.Manufacturer, "KZ", "KZT", "Asia/Almaty", now);
        maker.Approve();
        maker.Activate(now);
        await using (var db = services.GetRequiredService<ILoyaltyDbFactory>().Create())
        {
            db.Partners.Add(maker);
            await db.SaveChangesAsync();
        }
        var productId = await services.GetRequiredService<SaveProduct>().HandleAsync(maker.Id,
            new SaveProductCommand(null, "TF-" + points, "Crunchy cereal", "Tasty", points, "https://img.example/cereal.png"), "maker@test");
        return (maker, productId);
    }

    public static Task<int> ApprovedBatchAsync(TestDatabase database, Guid makerId, Guid productId, int quantity) =>
        ApprovedBatchAsync(database.Services, makerId, productId, quantity);

    public static async Task<int> ApprovedBatchAsync(IServiceProvider services, Guid makerId, Guid productId, int quantity)
    {
        var application = await services.GetRequiredService<SubmitCodeApplication>().HandleAsync(makerId,
            new SubmitCodeApplicationCommand(productId, quantity, "Spring print run"), "maker@test");
        return await services.GetRequiredService<ReviewCodeApplication>().ApproveAsync(application, "operator@test");
    }

    public static async Task<IReadOnlyList<string>> GeneratedCodesAsync(TestDatabase database, Guid makerId, Guid productId, int quantity)
    {
        var batch = await ApprovedBatchAsync(database, makerId, productId, quantity);
        await database.Get<GenerateCodes>().HandleAsync();
        return database.Get<PrintFiles>().ReadCodes(batch).Select(c => c.Code).ToList();
    }

    public static async Task<CodeBatch> BatchAsync(TestDatabase database, int number)
    {
        await using var db = database.Open();
        return await db.CodeBatches.AsNoTracking().SingleAsync(b => b.Number == number);
    }
}
