using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Contests;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Points;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Contests;

public sealed class ContestTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private ContestForm DrawForm(EntryRule rule = EntryRule.PerPurchase, decimal step = 0, int winners = 2, bool onePerCustomer = true) => new()
    {
        Title = "December draw",
        Kind = ContestKind.Draw,
        StartsAt = Now.AddHours(1),
        EndsAt = Now.AddDays(10),
        EntryRule = rule,
        AmountStep = step,
        OnePrizePerCustomer = onePerCustomer,
        Prizes = [new PrizeForm { Kind = PrizeKind.Points, Title = "500 points", Points = 500, Quantity = winners }],
    };

    private Task<Guid> CreateAsync(ContestForm form, Guid? owner = null) =>
        Database.Get<SaveContest>().HandleAsync(owner, null, form, "test");

    private async Task<List<Customer>> MembersAsync(int count)
    {
        var members = new List<Customer>();
        for (var i = 1; i <= count; i++) members.Add(await Scenario.RegisterAsync($"+7701{i:0000000}", "Member" + i));
        return members;
    }

    private async Task<Dictionary<Guid, int>> EntriesAsync(Guid contestId)
    {
        await using var db = Database.Open();
        return await db.ContestEntries.Where(e => e.ContestId == contestId).GroupBy(e => e.CustomerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
    }

    [Fact]
    public async Task Draw_IsReproducibleFromThePublishedData_AndTheVerifierAgrees()
    {
        var id = await CreateAsync(DrawForm(winners: 3));
        var before = await Database.Get<GetPublicContest>().HandleAsync(id);
        Assert.Null(before.RevealedSeed);
        Assert.Matches("^[0-9a-f]{64}$", before.Commitment);

        Database.Clock.Advance(TimeSpan.FromHours(2));
        var members = await MembersAsync(6);
        foreach (var (member, i) in members.Select((m, i) => (m, i)))
            for (var n = 0; n <= i; n++) await Scenario.BuyAsync(member.Id, 1000);
        await Database.Get<SyncContestEntries>().HandleAsync();
        Database.Clock.Advance(TimeSpan.FromDays(10));
        var closed = await Database.Get<CloseContests>().HandleAsync();
        Assert.Equal(1, closed.Closed);

        var published = await Database.Get<GetPublicContest>().HandleAsync(id);
        var file = await Database.Get<GetEntryList>().HandleAsync(id);
        // The commitment published before the start is the hash of the seed revealed now.
        Assert.Equal(published.Commitment, Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(published.RevealedSeed!))));
        Assert.Equal(published.EntryListHash, Convert.ToHexStringLower(SHA256.HashData(file)));
        Assert.Equal(21, published.Entries);
        Assert.Equal(3, published.Winners.Count);
        Assert.Equal(3, published.Winners.Select(w => w.Participant).Distinct().Count());

        // Anyone re-running the documented algorithm on the published data gets the same winners…
        var again = DrawAlgorithm.Select(Convert.FromHexString(published.RevealedSeed!), Convert.FromHexString(published.EntryListHash!),
            EntryListFile.Parse(file).ToList(), 3, onePrizePerParticipant: true);
        Assert.Equal(published.Winners.Select(w => w.EntryId!.Value), again.Select(e => e.EntryId));

        // …and so does the standalone Python verifier in docs/.
        var dir = Directory.CreateTempSubdirectory("draw-");
        var proof = DrawProof.From(published);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "draw.json"), JsonSerializer.Serialize(proof, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "entries.csv"), file);
        var (code, output) = await RunVerifierAsync(dir.FullName);
        Assert.True(code == 0, output);
        Assert.Contains("the published winners are the ones this draw gives", output);
        foreach (var w in published.Winners) Assert.Contains($"entry {w.EntryId} ", output);

        // A tampered list fails the check.
        await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "entries.csv"), file.Concat("999999,99\n"u8.ToArray()).ToArray());
        var (tampered, _) = await RunVerifierAsync(dir.FullName);
        Assert.Equal(1, tampered);
        dir.Delete(true);
    }

    private static async Task<(int Code, string Output)> RunVerifierAsync(string dir)
    {
        var script = Path.Combine(RepositoryRoot(), "docs", "verify_draw.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, Path.Combine(dir, "draw.json"), Path.Combine(dir, "entries.csv")])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Loyalty.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public async Task Refunds_RemoveEntries_AndTheJobIsIdempotent()
    {
        var id = await CreateAsync(DrawForm(EntryRule.PerAmountStep, step: 5000));
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var (dana, timur) = (await Scenario.RegisterAsync("+77010000001"), await Scenario.RegisterAsync("+77010000002"));
        var big = await Scenario.BuyAsync(dana.Id, 12_000);
        await Scenario.BuyAsync(dana.Id, 3_000);
        await Scenario.BuyAsync(timur.Id, 4_999);

        var first = await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal(3, first.Added);
        Assert.Equal(new Dictionary<Guid, int> { [dana.Id] = 3 }, await EntriesAsync(id));
        var second = await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal((0, 0), (second.Added, second.Removed));

        await Scenario.RefundAsync(big.Body.TransactionId, 6_000);
        await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal(new Dictionary<Guid, int> { [dana.Id] = 1 }, await EntriesAsync(id));

        await Scenario.RefundAsync(big.Body.TransactionId, 6_000);
        await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Empty(await EntriesAsync(id));
    }

    [Fact]
    public async Task Entries_CountOnlyPurchasesInThePeriodAndScope()
    {
        var form = DrawForm();
        form.Categories = "Coffee";
        form.MinPurchase = 500;
        var id = await CreateAsync(form);
        var dana = await Scenario.RegisterAsync("+77010000001");
        await Scenario.BuyAsync(dana.Id, 2000); // before the start
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var buy = Database.Get<Loyalty.Core.Pos.RecordPurchase>();
        async Task Buy(decimal coffee, decimal other) => await buy.HandleAsync(Scenario.Caller, Guid.NewGuid().ToString(),
            new Loyalty.Core.Pos.PurchaseRequest(dana.Id.ToString(), Guid.NewGuid().ToString("N")[..10], coffee + other, 0,
                [new("C1", "Latte", "Coffee", 1, coffee), new("B1", "Bread", "Bakery", 1, other)], null));
        await Buy(600, 100);   // counts
        await Buy(300, 5000);  // coffee part under the minimum
        await Buy(0.01m, 900); // hardly any coffee: below the minimum too
        await Buy(1000, 50);   // counts
        await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal(2, (await EntriesAsync(id))[dana.Id]);
    }

    [Fact]
    public async Task Winner_IsNeverPaidTwice_WhenCloseAndPayRunTwiceOrConcurrently()
    {
        await CreateAsync(DrawForm(winners: 3, onePerCustomer: false));
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var members = await MembersAsync(4);
        foreach (var m in members) await Scenario.BuyAsync(m.Id, 1000);
        Database.Clock.Advance(TimeSpan.FromDays(10));
        var balances = new Dictionary<Guid, long>();
        foreach (var m in members) balances[m.Id] = await Scenario.BalanceAsync(m.Id);

        var closes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Database.Get<CloseContests>().HandleAsync())));
        Assert.Equal(1, closes.Sum(c => c.Closed));
        var pays = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Database.Get<PayContestPrizes>().HandleAsync())));
        Assert.Equal(3, pays.Sum());
        Assert.Equal(0, (await Database.Get<CloseContests>().HandleAsync()).Closed);
        Assert.Equal(0, await Database.Get<PayContestPrizes>().HandleAsync());

        await using var db = Database.Open();
        Assert.Equal(3, await db.Transfers.CountAsync(t => t.Reason == Reasons.ContestPrize));
        var winners = await db.ContestWinners.ToListAsync();
        Assert.Equal(3, winners.Count);
        Assert.All(winners, w => Assert.Equal(WinnerStatus.Paid, w.Status));
        foreach (var m in members)
            Assert.Equal(balances[m.Id] + winners.Count(w => w.CustomerId == m.Id) * 500_00, await Scenario.BalanceAsync(m.Id));
        // Each winner is told once, in the inbox and by text.
        Assert.Equal(3, await db.OutgoingMessages.CountAsync(o => o.Channel == MessageChannel.InApp && o.Body!.Contains("You won \"500 points\"")));
        Assert.Equal(3, await db.OutgoingMessages.CountAsync(o => o.Channel == MessageChannel.Sms && o.Body!.Contains("You won \"500 points\"")));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Certificate_prize_is_issued_exactly_once_even_when_close_and_pay_run_concurrently()
    {
        var form = DrawForm(winners: 2, onePerCustomer: true);
        form.Prizes = [new PrizeForm { Kind = PrizeKind.Certificate, Title = "Gift certificate 1,000", Points = 1000, CertificateValidDays = 30, Quantity = 2 }];
        var id = await CreateAsync(form, Scenario.Partner.Id);
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var members = await MembersAsync(3);
        foreach (var m in members) await Scenario.BuyAsync(m.Id, 1000);
        Database.Clock.Advance(TimeSpan.FromDays(10));
        var balances = new Dictionary<Guid, long>();
        foreach (var m in members) balances[m.Id] = await Scenario.BalanceAsync(m.Id);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Database.Get<CloseContests>().HandleAsync())));
        var issued = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Database.Get<PayContestPrizes>().HandleAsync())));
        Assert.Equal(2, issued.Sum());
        Assert.Equal(0, await Database.Get<PayContestPrizes>().HandleAsync());

        await using var db = Database.Open();
        var winners = await db.ContestWinners.Where(w => w.ContestId == id).ToListAsync();
        Assert.Equal(2, winners.Count);
        Assert.All(winners, w => Assert.Equal(WinnerStatus.Paid, w.Status));
        var certificates = await db.Certificates.Where(c => c.Source == Loyalty.Core.Campaigns.CertificateSource.Contest).ToListAsync();
        Assert.Equal(2, certificates.Count);
        Assert.Equal(winners.Select(w => w.CertificateId).Order(), certificates.Select(c => (Guid?)c.Id).Order());
        Assert.Equal(winners.Select(w => w.CustomerId).Order(), certificates.Select(c => c.CustomerId).Order());
        Assert.All(certificates, c =>
        {
            Assert.Equal(Scenario.Partner.Id, c.IssuerPartnerId);
            Assert.Equal(Loyalty.Core.Campaigns.CertificateKind.Points, c.Kind);
            Assert.Equal(1000_00, c.Value);
            Assert.Equal(c.IssuedAt.AddDays(30), c.ExpiresAt);
            Assert.Null(c.RedeemedAt);
        });
        // A certificate is a discount at the till, not points: the ledger has no prize transfer and balances are as they were.
        Assert.Equal(0, await db.Transfers.CountAsync(t => t.Reason == Reasons.ContestPrize));
        foreach (var m in members) Assert.Equal(balances[m.Id], await Scenario.BalanceAsync(m.Id));
        Assert.Equal(2, await db.OutgoingMessages.CountAsync(o => o.Channel == MessageChannel.InApp && o.Body!.Contains("certificate")));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Reviews_earn_entries_and_a_flagged_review_loses_its_entry()
    {
        var id = await CreateAsync(DrawForm(EntryRule.PerReview), Scenario.Partner.Id);
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var (dana, timur) = (await Scenario.RegisterAsync("+77010000001"), await Scenario.RegisterAsync("+77010000002"));
        var submit = Database.Get<Loyalty.Core.Reviews.SubmitReview>();
        var first = await submit.HandleAsync(dana.Id, (await Scenario.BuyAsync(dana.Id, 1000)).Body.TransactionId, 5, "Great coffee");
        await submit.HandleAsync(dana.Id, (await Scenario.BuyAsync(dana.Id, 1000)).Body.TransactionId, 4, null);
        await submit.HandleAsync(timur.Id, (await Scenario.BuyAsync(timur.Id, 1000)).Body.TransactionId, 3, "Slow service");
        await Scenario.BuyAsync(timur.Id, 1000); // a purchase without a review earns nothing here

        await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal(new Dictionary<Guid, int> { [dana.Id] = 2, [timur.Id] = 1 }, await EntriesAsync(id));

        await Database.Get<Loyalty.Core.Reviews.ManagePartnerReviews>().FlagAsync(Scenario.Partner.Id, first, "Looks like spam to us", "test");
        await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal(new Dictionary<Guid, int> { [dana.Id] = 1, [timur.Id] = 1 }, await EntriesAsync(id));
        var again = await Database.Get<SyncContestEntries>().HandleAsync();
        Assert.Equal((0, 0), (again.Added, again.Removed));
    }

    [Fact]
    public async Task Rules_CannotChange_OnceThePeriodStarts()
    {
        var form = DrawForm();
        var id = await CreateAsync(form);
        form.Title = "December draw, bigger prizes";
        await Database.Get<SaveContest>().HandleAsync(null, id, form, "test");
        Database.Clock.Advance(TimeSpan.FromHours(1));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Database.Get<SaveContest>().HandleAsync(null, id, form, "test"));
        Assert.Equal("contest-started", refused.Code);
        await Assert.ThrowsAsync<DomainException>(() => Database.Get<CancelContest>().HandleAsync(id, null, "test"));
        // A partner cannot touch the operator's contest at all.
        var foreign = await Assert.ThrowsAsync<DomainException>(() => Database.Get<SaveContest>().HandleAsync(Scenario.Partner.Id, id, form, "test"));
        Assert.Equal(404, foreign.Status);
    }

    [Fact]
    public async Task Invalid_Form_IsRefusedWithHumanMessages()
    {
        var form = DrawForm(EntryRule.PerAmountStep);
        form.Title = " ";
        form.StartsAt = Now.AddHours(-2);
        form.EndsAt = Now.AddHours(-3);
        form.Prizes = [new PrizeForm { Kind = PrizeKind.Points, Title = "", Points = 0, Quantity = 0 }, new PrizeForm { Kind = PrizeKind.Certificate, Title = "Gift card" }];
        var error = await Assert.ThrowsAsync<ValidationException>(() => CreateAsync(form));
        Assert.Contains("title", error.Errors.Keys);
        Assert.Contains("startsAt", error.Errors.Keys);
        Assert.Contains("endsAt", error.Errors.Keys);
        Assert.Contains("amountStep", error.Errors.Keys);
        Assert.Contains("prizes[0].title", error.Errors.Keys);
        Assert.Contains("prizes[0].points", error.Errors.Keys);
        Assert.Contains("prizes[0].quantity", error.Errors.Keys);

        Assert.Contains("prizes[1].points", error.Errors.Keys);

        var review = DrawForm(EntryRule.PerReview);
        review.Skus = "LATTE";
        var productReviews = await Assert.ThrowsAsync<ValidationException>(() => CreateAsync(review));
        Assert.Contains("review", productReviews.Errors["entryRule"][0]);
        var certificate = DrawForm();
        certificate.Prizes = [new PrizeForm { Kind = PrizeKind.Certificate, Title = "Gift card", Points = 1000, CertificateValidDays = 0 }];
        Assert.Contains("prizes[0].validDays", (await Assert.ThrowsAsync<ValidationException>(() => CreateAsync(certificate))).Errors.Keys);
        await using var db = Database.Open();
        Assert.Equal(0, await db.Contests.CountAsync());
    }

    [Fact]
    public async Task Leaderboard_RanksMostVisits_AwardsTheFinalPlaces_AndTheOwnersTillHandsOverThePhysicalPrize()
    {
        var form = DrawForm(winners: 1);
        form.Kind = ContestKind.Leaderboard;
        form.Metric = LeaderboardMetric.MostVisits;
        form.Prizes.Add(new PrizeForm { Kind = PrizeKind.Physical, Title = "Coffee machine", Quantity = 1 });
        var id = await CreateAsync(form, Scenario.Partner.Id);
        Database.Clock.Advance(TimeSpan.FromHours(2));
        var (dana, timur, aliya) = (await Scenario.RegisterAsync("+77010000001", "Dana"), await Scenario.RegisterAsync("+77010000002", "Timur"), await Scenario.RegisterAsync("+77010000003", "Aliya"));
        for (var day = 0; day < 3; day++)
        {
            await Scenario.BuyAsync(timur.Id, 100);
            await Scenario.BuyAsync(timur.Id, 100);
            if (day < 2) await Scenario.BuyAsync(dana.Id, 100);
            Database.Clock.Advance(TimeSpan.FromDays(1));
        }
        for (var i = 0; i < 5; i++) await Scenario.BuyAsync(aliya.Id, 100); // five receipts, one day

        var standings = await Database.Get<GetStandings>().HandleAsync(id, aliya.Id);
        Assert.Equal(["Timur", "Dana", "Aliya"], standings.Top.Select(r => r.Name));
        Assert.Equal([3L, 2, 1], standings.Top.Select(r => r.Score));
        Assert.Equal(3, standings.Me!.Place);
        Assert.Equal("+7 701 ••• •• 03", standings.Me.MaskedPhone);

        Database.Clock.Advance(TimeSpan.FromDays(10));
        await Database.Get<CloseContests>().HandleAsync();
        await Database.Get<PayContestPrizes>().HandleAsync();
        var details = await Database.Get<GetContest>().HandleAsync(id, Scenario.Partner.Id, operatorView: false);
        Assert.Equal([(1, timur.Id, WinnerStatus.Paid), (2, dana.Id, WinnerStatus.Awaiting)],
            details.Winners.Select(w => (w.Place, w.CustomerId, w.Status)));
        // The cashier who identifies Dana sees her coffee machine; another partner's till sees nothing and cannot hand it over.
        var toHandOver = Database.Get<ListPrizesToHandOver>();
        var other = await Scenario.CreateAsync(Database.Services);
        var cashier = new PartnerStaff(Scenario.Partner.Id, "cashier@demo.local", [Roles.PartnerCashier]);
        var prize = Assert.Single(await toHandOver.HandleAsync(cashier, dana.Id));
        Assert.Equal((details.Winners[1].Id, 2, "Coffee machine"), (prize.WinnerId, prize.Place, prize.PrizeTitle));
        Assert.Empty(await toHandOver.HandleAsync(cashier, timur.Id)); // points, paid by the job
        Assert.Empty(await toHandOver.HandleAsync(PartnerStaff.Admin(other.Partner.Id), dana.Id));
        var marketer = new PartnerStaff(Scenario.Partner.Id, "m", [Roles.PartnerMarketer]);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => toHandOver.HandleAsync(marketer, dana.Id))).Status);
        var foreign = await Assert.ThrowsAsync<DomainException>(() => Database.Get<MarkPrizeHandedOver>().HandleAsync(prize.WinnerId, other.Partner.Id, false, "x"));
        Assert.Equal("winner-not-found", foreign.Code);
        // The till names the member it identified: Dana's prize is not recorded as received by Timur.
        var wrongMember = await Assert.ThrowsAsync<DomainException>(() => Database.Get<MarkPrizeHandedOver>().HandleAsync(prize.WinnerId, Scenario.Partner.Id, false, "x", toCustomer: timur.Id));
        Assert.Equal("winner-not-found", wrongMember.Code);
        await Database.Get<MarkPrizeHandedOver>().HandleAsync(details.Winners[1].Id, Scenario.Partner.Id, false, "cashier@demo.local", toCustomer: dana.Id);
        Assert.Empty(await toHandOver.HandleAsync(cashier, dana.Id));
        var handed = await Assert.ThrowsAsync<DomainException>(() => Database.Get<MarkPrizeHandedOver>().HandleAsync(details.Winners[1].Id, Scenario.Partner.Id, false, "x"));
        Assert.Equal("already-handed-over", handed.Code);
        details = await Database.Get<GetContest>().HandleAsync(id, Scenario.Partner.Id, operatorView: false);
        Assert.Equal(WinnerStatus.HandedOver, details.Winners[1].Status);
        Assert.Equal("cashier@demo.local", details.Winners[1].HandedOverBy);
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public void Algorithm_WithOnePrizePerParticipant_SkipsAWinnersOtherEntries()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        // Participant 1 holds 98 of 100 entries; with one prize each, the three winners are still three different people.
        var entries = Enumerable.Range(1, 100).Select(i => new PublishedEntry(i, i <= 98 ? 1 : i - 97)).ToList();
        var hash = SHA256.HashData(DrawAlgorithm.ListFile(entries));
        var winners = DrawAlgorithm.Select(seed, hash, entries, 5, onePrizePerParticipant: true);
        Assert.Equal(3, winners.Count);
        Assert.Equal(3, winners.Select(w => w.Participant).Distinct().Count());
        Assert.Equal(winners, DrawAlgorithm.Select(seed, hash, entries, 5, true));
        Assert.Equal(5, DrawAlgorithm.Select(seed, hash, entries, 5, false).Select(w => w.EntryId).Distinct().Count());
        Assert.Equal("+7 701 ••• •• 01", PhoneMask.Mask("+77010000001"));
    }
}
