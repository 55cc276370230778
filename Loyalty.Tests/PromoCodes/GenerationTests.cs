using Loyalty.Core.Common;
using Loyalty.Core.PromoCodes;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PromoCodes;

public class GenerationTests : ScenarioTest
{
    [Fact]
    public async Task Approved_application_generates_exactly_the_requested_codes_known_only_by_their_hash()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database);
        var batch = await PromoTestData.ApprovedBatchAsync(Database, maker.Id, product, 1_050);
        Assert.Equal(CodeBatchStatus.Generating, (await PromoTestData.BatchAsync(Database, batch)).Status);

        var run = await Database.Get<GenerateCodes>().HandleAsync();

        Assert.Equal(11, run.ChunksWritten); // chunks of 100 in the test settings
        Assert.Equal([batch], run.CompletedBatches);
        await AssertBatchCompleteAsync(batch, 1_050);
    }

    [Fact]
    public async Task Generation_stopped_mid_batch_resumes_at_the_next_chunk_and_ends_exact()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database);
        var batch = await PromoTestData.ApprovedBatchAsync(Database, maker.Id, product, 1_050);

        // First run dies after the fourth chunk commits, as a killed process would.
        var first = Database.Get<GenerateCodes>();
        first.AfterChunk = (_, chunk) => { if (chunk == 3) throw new SimulatedCrash(); };
        await Assert.ThrowsAsync<SimulatedCrash>(() => first.HandleAsync());
        Assert.Equal(4, (await PromoTestData.BatchAsync(Database, batch)).ChunksDone);

        // What a crash can leave on disk: a committed chunk whose segment was not yet renamed, and the half-written
        // segment of a chunk that never committed.
        var files = Database.Get<PrintFiles>();
        File.Move(files.SegmentPath(batch, 3), files.SegmentPath(batch, 3) + ".tmp");
        await File.WriteAllTextAsync(files.SegmentPath(batch, 4) + ".tmp", "401,HALF-WRITTEN,https://x\n");

        var second = await Database.Get<GenerateCodes>().HandleAsync();

        Assert.Equal(7, second.ChunksWritten);
        await AssertBatchCompleteAsync(batch, 1_050);
    }

    [Fact]
    public async Task A_crash_after_the_last_chunk_commits_but_before_its_file_is_renamed_is_finished_by_the_next_run()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database);
        var batch = await PromoTestData.ApprovedBatchAsync(Database, maker.Id, product, 250);
        var first = Database.Get<GenerateCodes>();
        first.AfterChunk = (_, chunk) => { if (chunk == 2) throw new SimulatedCrash(); };
        await Assert.ThrowsAsync<SimulatedCrash>(() => first.HandleAsync());
        var files = Database.Get<PrintFiles>();
        File.Move(files.SegmentPath(batch, 2), files.SegmentPath(batch, 2) + ".tmp");
        var state = await PromoTestData.BatchAsync(Database, batch);
        Assert.Equal((3, CodeBatchStatus.Generating), (state.ChunksDone, state.Status)); // not complete until its files are

        var second = await Database.Get<GenerateCodes>().HandleAsync();

        Assert.Equal(0, second.ChunksWritten);
        Assert.Equal([batch], second.CompletedBatches);
        await AssertBatchCompleteAsync(batch, 250);
    }

    [Fact]
    public async Task Bad_applications_are_refused_with_a_message_per_field_and_nothing_is_saved()
    {
        var (maker, product) = await PromoTestData.MakerAsync(Database);
        var submit = Database.Get<SubmitCodeApplication>();
        var error = await Assert.ThrowsAsync<ValidationException>(() => submit.HandleAsync(maker.Id, new SubmitCodeApplicationCommand(product, 0, "x"), "m"));
        Assert.Contains("quantity", error.Errors.Keys);
        Assert.Contains("reason", error.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => submit.HandleAsync(Scenario.Partner.Id, new SubmitCodeApplicationCommand(product, 10, "Print run"), "m"));
        var badProduct = await Assert.ThrowsAsync<ValidationException>(() => Database.Get<SaveProduct>()
            .HandleAsync(maker.Id, new SaveProductCommand(null, "", "", "", 7, "javascript:alert(1)"), "m"));
        Assert.Equal(["sku", "name", "brand", "pointsPerCode", "photoUrl"], badProduct.Errors.Keys);
        await Assert.ThrowsAsync<DomainException>(() => Database.Get<SaveProduct>()
            .HandleAsync(Scenario.Partner.Id, new SaveProductCommand(null, "A", "B", "C", 1, null), "m"));

        var application = await submit.HandleAsync(maker.Id, new SubmitCodeApplicationCommand(product, 10, "Print run"), "m");
        await Database.Get<ReviewCodeApplication>().RejectAsync(application, "Too many codes this month", "op");
        await Assert.ThrowsAsync<DomainException>(() => Database.Get<ReviewCodeApplication>().ApproveAsync(application, "op"));
        await using var db = Database.Open();
        Assert.Equal(0, await db.CodeBatches.CountAsync());
    }

    private async Task AssertBatchCompleteAsync(int batch, int quantity)
    {
        var state = await PromoTestData.BatchAsync(Database, batch);
        Assert.Equal(CodeBatchStatus.Generated, state.Status);
        Assert.Equal(quantity, state.CodesDone);

        var files = Database.Get<PrintFiles>();
        Assert.Empty(Directory.GetFiles(files.BatchFolder(batch), "*.tmp"));
        var printed = files.ReadCodes(batch).ToList();
        Assert.Equal(Enumerable.Range(1, quantity), printed.Select(c => c.Serial));
        Assert.Equal(quantity, printed.Select(c => c.Code).Distinct().Count());
        Assert.All(printed, c => Assert.Equal($"https://onecard.test/c/{c.Code.Replace("-", "")}", c.Url));

        // The database holds exactly the printed codes, by hash only, each under its own serial.
        var hasher = Database.Get<PromoCodeHasher>();
        await using var db = Database.Open();
        var stored = await db.PromoCodes.AsNoTracking().ToListAsync();
        Assert.Equal(quantity, stored.Count);
        var bySerial = stored.ToDictionary(c => c.Serial, c => Convert.ToHexString(c.Hash));
        foreach (var (serial, code, _) in printed)
        {
            Assert.True(PromoCodeFormat.TryNormalize(code, out var normalized));
            Assert.Equal(Convert.ToHexString(hasher.Hash(normalized)), bySerial[serial]);
        }
    }

    private sealed class SimulatedCrash : Exception;
}
