using Loyalty.Core.PromoCodes;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PromoCodes;

/// <summary>The real app generating a batch in its background job is killed mid-batch; a second start finishes it exactly.</summary>
public class GenerationCrashTests
{
    private const int Quantity = 400_000;
    private const int ChunkSize = 20_000;

    [Fact]
    public async Task Killing_the_app_mid_batch_and_starting_it_again_ends_with_exactly_the_requested_codes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-crash-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string>
        {
            ["PromoCodes__HmacKey"] = TestDatabase.TestHmacKeyBase64,
            ["PromoCodes__PublicBaseUrl"] = "https://onecard.test",
            ["Jobs__GenerationIntervalSeconds"] = "1",
        };
        var settings = new PromoCodeSettings { ChunkSize = ChunkSize, PrintFilesPath = path + ".print-files", PublicBaseUrl = "https://onecard.test" };
        await using var services = TestDatabase.BuildServices(path, s => s.AddSingleton(settings));
        try
        {
            var first = await AppProcess.StartAsync(path, environment);
            int batch;
            try
            {
                var (maker, product) = await PromoTestData.MakerAsync(services);
                batch = await PromoTestData.ApprovedBatchAsync(services, maker.Id, product, Quantity);

                // Wait until the app's job has committed a few chunks, then kill it without warning.
                var deadline = DateTime.UtcNow.AddSeconds(180);
                while ((await ChunksDoneAsync(services, batch)) < 3)
                {
                    Assert.True(DateTime.UtcNow < deadline, "The generation job did not start:\n" + first.Output);
                    await Task.Delay(20);
                }
                await first.KillAsync();
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
            var killedAt = await ChunksDoneAsync(services, batch);
            Assert.InRange(killedAt, 3, Quantity / ChunkSize - 1); // really mid-batch

            await using (var second = await AppProcess.StartAsync(path, environment))
            {
                var deadline = DateTime.UtcNow.AddSeconds(180);
                while (await StatusAsync(services, batch) != CodeBatchStatus.Generated)
                {
                    Assert.True(DateTime.UtcNow < deadline, "The batch was not finished after the restart:\n" + second.Output);
                    await Task.Delay(200);
                }
            }

            var files = services.GetRequiredService<PrintFiles>();
            Assert.Empty(Directory.GetFiles(files.BatchFolder(batch), "*.tmp").Select(Path.GetFileName));
            var printed = files.ReadCodes(batch).ToList();
            Assert.Equal(Enumerable.Range(1, Quantity), printed.Select(c => c.Serial));
            Assert.Equal(Quantity, printed.Select(c => c.Code).Distinct().Count());

            var hasher = new PromoCodeHasher(TestDatabase.TestHmacKey);
            var from = CodeBatch.CodeId(batch, 1);
            var to = CodeBatch.CodeId(batch, Quantity);
            await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
            var stored = await db.PromoCodes.AsNoTracking().Where(c => c.Id >= from && c.Id <= to).Select(c => new { c.Id, c.Hash }).ToListAsync();
            Assert.Equal(Quantity, stored.Count);
            var bySerial = stored.ToDictionary(c => (int)(c.Id - from + 1), c => Convert.ToHexString(c.Hash));
            foreach (var (serial, code, _) in printed)
            {
                Assert.True(PromoCodeFormat.TryNormalize(code, out var normalized));
                Assert.Equal(bySerial[serial], Convert.ToHexString(hasher.Hash(normalized)));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                try { File.Delete(path + suffix); } catch (IOException) { }
            try { Directory.Delete(path + ".print-files", recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> ChunksDoneAsync(IServiceProvider services, int batch)
    {
        await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
        return await db.CodeBatches.Where(b => b.Number == batch).Select(b => b.ChunksDone).SingleAsync();
    }

    private static async Task<CodeBatchStatus> StatusAsync(IServiceProvider services, int batch)
    {
        await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
        return await db.CodeBatches.Where(b => b.Number == batch).Select(b => b.Status).SingleAsync();
    }
}
