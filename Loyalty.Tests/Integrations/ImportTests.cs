using System.Net;
using System.Text;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Imports;
using Loyalty.Core.Points;
using Loyalty.Core.Segments;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>Receipt and customer-base imports through the API on loopback, run by the background use case.</summary>
public class ImportTests : IntegrationTestApp
{
    public override async Task InitializeAsync()
    {
        // Small chunks, so every test file spans several chunks (duplicates and new members across chunk borders).
        App.Settings["Imports:ChunkRows"] = "3";
        await base.InitializeAsync();
    }

    private async Task<Guid> UploadAsync(string path, string csv, HttpClient? client = null)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await (client ?? Client).PostAsync(path, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("importId").GetGuid();
    }

    private async Task<ImportView> RunAsync(Guid id)
    {
        await Service<RunImports>().HandleAsync();
        return await Service<GetImport>().HandleAsync(Scenario.Partner.Id, id);
    }

    private string ReceiptsCsv() => $"""
        phone,card,datetime,store,receipt,amount,items
        +77015552001,,2025-03-01 10:15,{Scenario.Store.Name},R-1,1500.00,A1:Milk:2:1000.00:Dairy|B2:Bread:1:500.00
        8 701 555 20 02,,2025-03-02 11:00,{Scenario.Store.Name},R-2,250.50,
        +77015552001,,2025-03-05T09:00:00+05:00,{Scenario.Store.Name},R-3,99.99,
        ,,2025-03-05 09:00,{Scenario.Store.Name},R-4,10,
        +77015552003,,2025-03-06 09:00,Nowhere,R-5,10,
        +77015552003,,yesterday,{Scenario.Store.Name},R-6,10,
        +77015552003,,2025-03-06 09:00,{Scenario.Store.Name},R-7,-3,
        +77015552003,,2025-03-06 09:00,{Scenario.Store.Name},R-1,10,
        ,4000000000000002,2025-03-06 09:00,{Scenario.Store.Name},R-8,10,
        """;

    [Fact]
    public async Task Receipts_AreImportedOnce_RejectedRowsAreReported_AndProfilesUpdated()
    {
        var existing = await Scenario.RegisterAsync("+77015552001", "Known");
        var id = await UploadAsync("/api/v1/imports/receipts", ReceiptsCsv());
        var done = await RunAsync(id);

        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(9, done.TotalRows);
        Assert.Equal(3, done.ImportedRows);
        Assert.Equal(1, done.DuplicateRows);   // R-1 twice in the file
        Assert.Equal(5, done.RejectedRows);
        Assert.Equal(1, done.CreatedCustomers); // +77015552002

        var report = await (await Client.GetAsync($"/api/v1/imports/{id}/report")).Content.ReadAsStringAsync();
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,outcome,reason", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("5,rejected,") && l.Contains("Neither a card number nor a phone"));
        Assert.Contains(lines, l => l.StartsWith("6,rejected,") && l.Contains("Unknown store"));
        Assert.Contains(lines, l => l.StartsWith("7,rejected,") && l.Contains("not a date"));
        Assert.Contains(lines, l => l.StartsWith("8,rejected,") && l.Contains("not a positive sum"));
        Assert.Contains(lines, l => l.StartsWith("10,rejected,") && l.Contains("card is not known"));

        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var purchases = await db.Purchases.Include(p => p.Items).Where(p => p.IsImported).ToListAsync();
            Assert.Equal(3, purchases.Count);
            Assert.Equal(2, purchases.Count(p => p.CustomerId == existing.Id));
            Assert.Equal(2, purchases.Single(p => p.ReceiptNumber == "R-1").Items.Count);
            Assert.All(purchases, p => Assert.Equal(0, p.EarnedPoints));
            // +05:00 is honoured; local times are the store's (Asia/Almaty, UTC+5).
            Assert.Equal(new DateTime(2025, 3, 5, 4, 0, 0), purchases.Single(p => p.ReceiptNumber == "R-3").OccurredAt);
            Assert.Equal(new DateTime(2025, 3, 1, 5, 15, 0), purchases.Single(p => p.ReceiptNumber == "R-1").OccurredAt);
            var created = await db.Customers.SingleAsync(c => c.Phone == "+77015552002");
            Assert.Null(created.SmsConsentAt);
            // Profiles include the history at once.
            var profile = await db.CustomerProfiles.SingleAsync(p => p.CustomerId == existing.Id && p.PartnerId == CustomerProfile.Coalition);
            Assert.Equal(2, profile.PurchasesTotal);
            Assert.Equal(0, await db.StagedReceipts.CountAsync());
        }

        // The same file again adds nothing.
        var again = await RunAsync(await UploadAsync("/api/v1/imports/receipts", ReceiptsCsv()));
        Assert.Equal(0, again.ImportedRows);
        Assert.Equal(4, again.DuplicateRows);
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            Assert.Equal(3, await db.Purchases.CountAsync(p => p.IsImported));
            // The import runs with SQLite's per-row foreign-key probes off on its own connection (0104): every key it wrote
            // must still resolve, and the connection it gave back to the pool checks keys again.
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA foreign_key_check";
            await using (var violations = await check.ExecuteReaderAsync())
                Assert.False(await violations.ReadAsync(), "the import left a key that does not resolve");
            check.CommandText = "PRAGMA foreign_keys";
            Assert.Equal(1L, await check.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Receipts_timed_in_a_daylight_saving_gap_or_overlap_are_imported_at_one_definite_instant()
    {
        // A store on Berlin time: 02:30 did not exist on 30 March 2025 and happened twice on 26 October 2025 (decision 0124).
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            await db.Stores.Where(s => s.Id == Scenario.Store.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.TimeZone, "Europe/Berlin"));
        }
        var id = await UploadAsync("/api/v1/imports/receipts", $"""
            phone,card,datetime,store,receipt,amount,items
            +77015552101,,2025-03-30 02:30,{Scenario.Store.Name},DST-1,100,
            +77015552101,,2025-10-26 02:30,{Scenario.Store.Name},DST-2,100,
            """);
        var done = await RunAsync(id);
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(2, done.ImportedRows);
        await using var check = Service<ILoyaltyDbFactory>().Create();
        var times = await check.Purchases.Where(p => p.ReceiptNumber.StartsWith("DST-")).OrderBy(p => p.ReceiptNumber).Select(p => p.OccurredAt).ToListAsync();
        Assert.Equal([new DateTime(2025, 3, 30, 1, 30, 0), new DateTime(2025, 10, 26, 0, 30, 0)], times.Select(t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified)));
    }

    [Fact]
    public async Task Receipts_CanEarnPoints_ThroughTheLedger()
    {
        var member = await Scenario.RegisterAsync("+77015552001");
        var before = await Scenario.BalanceAsync(member.Id);
        var done = await RunAsync(await UploadAsync("/api/v1/imports/receipts?earnPoints=true",
            $"phone;datetime;store;receipt;amount\n+77015552001;2025-03-01 10:00;{Scenario.Store.Name};E-1;1000,00\n"));
        Assert.Equal(1, done.ImportedRows);
        Assert.Equal(before + 50_00, await Scenario.BalanceAsync(member.Id)); // 5 % of 1,000
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task BadFiles_AreRefusedAtUpload_AndNothingIsQueued()
    {
        using var noColumns = new StringContent("hello,world\n1,2\n", Encoding.UTF8, "text/csv");
        await AssertProblemAsync(await Client.PostAsync("/api/v1/imports/receipts", noColumns), 400, "validation");
        foreach (var name in new[] { "history.xls", "history.xlsx" })
        {
            // An old binary workbook, and a file that only claims to be a workbook.
            using var excel = new StringContent("x", Encoding.UTF8, "application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports/receipts") { Content = excel };
            request.Headers.Add("X-File-Name", name);
            await AssertProblemAsync(await Client.SendAsync(request), 400, "validation");
        }
        await using var db = Service<ILoyaltyDbFactory>().Create();
        Assert.Equal(0, await db.DataImports.CountAsync());
    }

    [Fact]
    public async Task CustomerBase_MergesWithoutLosingEitherSide_AndReportsDuplicates()
    {
        var known = await Scenario.RegisterAsync("+77015553001", "Aigerim");
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var c = await db.Customers.SingleAsync(x => x.Id == known.Id);
            c.Email = "own@example.com";
            db.Cards.Add(new Card(CardNumber.Complete("400000000000010"), DateTime.UtcNow));
            db.Cards.Add(new Card(CardNumber.Complete("400000000000020"), DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        var card1 = CardNumber.Complete("400000000000010");
        var other = await Scenario.RegisterAsync("+77015553009", "Other");
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var card = await db.Cards.SingleAsync(c => c.Number == CardNumber.Complete("400000000000020"));
            card.LinkTo(other.Id, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        var csv = $"""
            phone,first_name,last_name,email,birth_date,card,marketing_consent,consent_source,consent_date
            +77015553001,Aigul,Sadykova,partner@example.com,1990-05-17,{card1},yes,Shop form,2024-01-10
            +77015553002,Bota,,bota@example.com,,,no,,
            +77015553003,Chingiz,,,,,yes,Loyalty app,2023-06-01
            +77015553002,Bota,,,,,,,
            +77015553001,,,,,{CardNumber.Complete("400000000000020")},,,
            not-a-phone,X,,,,,,,
            """;
        var id = await UploadAsync("/api/v1/imports/customers", csv);
        var done = await RunAsync(id);

        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(6, done.TotalRows);
        Assert.Equal(1, done.RejectedRows);
        Assert.Equal(2, done.CreatedCustomers);
        Assert.Equal(2, done.DuplicateRows); // Bota twice; a phone and a card of two members

        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var merged = await db.Customers.SingleAsync(c => c.Id == known.Id);
            Assert.Equal("Aigerim", merged.FirstName);           // kept
            Assert.Equal("Sadykova", merged.LastName);           // filled
            Assert.Equal("own@example.com", merged.Email);       // kept
            Assert.Equal(new DateOnly(1990, 5, 17), merged.BirthDate);
            Assert.Equal(new DateTime(2024, 1, 10), merged.SmsConsentAt);
            Assert.Equal(known.Id, (await db.Cards.SingleAsync(c => c.Number == card1)).CustomerId);
            Assert.Equal(other.Id, (await db.Cards.SingleAsync(c => c.Number == CardNumber.Complete("400000000000020"))).CustomerId);
            var bota = await db.Customers.SingleAsync(c => c.Phone == "+77015553002");
            Assert.Null(bota.SmsConsentAt);                      // no consent: not contactable
            Assert.Null(bota.EmailConsentAt);
            Assert.NotNull((await db.Customers.SingleAsync(c => c.Phone == "+77015553003")).EmailConsentAt);
            Assert.True(await db.AuditEvents.AnyAsync(a => a.Kind == "consent.imported" && a.Summary.Contains("Shop form")));
        }
        var report = await (await Client.GetAsync($"/api/v1/imports/{id}/report")).Content.ReadAsStringAsync();
        Assert.Contains("2,conflict,", report);   // kept the member's own first name and e-mail
        Assert.Contains("5,duplicate,", report);
        Assert.Contains("6,duplicate,", report);
        Assert.Contains("7,rejected,", report);
    }

    [Fact]
    public async Task OtherPartners_CannotSeeAnImport()
    {
        var id = await UploadAsync("/api/v1/imports/receipts", ReceiptsCsv());
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        using var otherClient = ClientWith(await CreateKeyAsync(other, Core.Integrations.IntegrationScopes.All));
        await AssertProblemAsync(await otherClient.GetAsync($"/api/v1/imports/{id}"), 404, "import-not-found");
        await AssertProblemAsync(await otherClient.GetAsync($"/api/v1/imports/{id}/report"), 404, "import-not-found");
    }

    [Fact]
    public async Task ExcelWorkbook_IsImported_WithDatesNumbersAndExcelRowNumbers()
    {
        var existing = await Scenario.RegisterAsync("+77015554001", "Known");
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("History");
        string[] header = ["Phone", "Date time", "Store", "Receipt", "Amount", "Items"];
        for (var i = 0; i < header.Length; i++) sheet.Cell(1, i + 1).Value = header[i];
        void Row(int row, string phone, DateTime at, string store, object receipt, double amount, string items = "", int? builtInFormat = null)
        {
            sheet.Cell(row, 1).Value = phone;
            var date = sheet.Cell(row, 2);
            date.Value = at;
            if (builtInFormat is { } id) date.Style.NumberFormat.NumberFormatId = id;
            else date.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
            sheet.Cell(row, 3).Value = store;
            sheet.Cell(row, 4).Value = receipt;
            sheet.Cell(row, 5).Value = amount;
            if (items.Length > 0) sheet.Cell(row, 6).Value = items;
        }
        Row(2, "+77015554001", new DateTime(2025, 3, 1, 10, 15, 0), Scenario.Store.Name, 1001, 1500.5, "A1:Milk:2:750.25:Dairy");
        Row(3, "+77015554002", new DateTime(2025, 3, 2), Scenario.Store.Name, "X-2", 250, builtInFormat: 14); // Excel's built-in short date
        Row(4, "+77015554002", new DateTime(2025, 3, 3, 9, 0, 0), "Nowhere", "X-3", 10);
        // Row 5 left empty: the report still counts Excel's own row numbers.
        Row(6, "+77015554001", new DateTime(2025, 3, 4, 9, 0, 0), Scenario.Store.Name, 1001, 99); // the same receipt again
        Row(7, "+77015554003", new DateTime(2025, 3, 5, 18, 30, 0), Scenario.Store.Name, "X-7", 12.34);
        Row(8, "+77015554003", new DateTime(2025, 3, 5, 18, 30, 0), Scenario.Store.Name, "X-7", 12.34); // twice in one chunk
        Row(9, "", new DateTime(2025, 3, 5, 18, 30, 0), Scenario.Store.Name, "X-9", 1);
        using var file = new MemoryStream();
        book.SaveAs(file);

        using var content = new ByteArrayContent(file.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var response = await Client.PostAsync("/api/v1/imports/receipts", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await JsonAsync(response)).GetProperty("importId").GetGuid();
        var done = await RunAsync(id);

        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal("receipts.xlsx", done.FileName);
        Assert.Equal(7, done.TotalRows);
        Assert.Equal(3, done.ImportedRows);
        Assert.Equal(2, done.DuplicateRows);
        Assert.Equal(2, done.RejectedRows);
        Assert.Equal(2, done.CreatedCustomers);
        var report = await (await Client.GetAsync($"/api/v1/imports/{id}/report")).Content.ReadAsStringAsync();
        Assert.Contains("4,rejected,", report);
        Assert.Contains("9,rejected,", report);
        await using var db = Service<ILoyaltyDbFactory>().Create();
        var purchases = await db.Purchases.Include(p => p.Items).Where(p => p.IsImported).ToListAsync();
        var first = purchases.Single(p => p.ReceiptNumber == "1001");
        Assert.Equal(existing.Id, first.CustomerId);
        Assert.Equal(1500_50, first.Amount);
        Assert.Equal(new DateTime(2025, 3, 1, 5, 15, 0), first.OccurredAt); // store time (UTC+5)
        Assert.Equal(75025, first.Items.Single().Price);
        Assert.Equal(new DateTime(2025, 3, 1, 19, 0, 0), purchases.Single(p => p.ReceiptNumber == "X-2").OccurredAt);
        Assert.Equal(12_34, purchases.Single(p => p.ReceiptNumber == "X-7").Amount);
    }

    [Fact]
    public async Task InterruptedImport_ResumesAfterItsLastCommittedChunk()
    {
        var id = await UploadAsync("/api/v1/imports/receipts", ReceiptsCsv());
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            // As a process killed after committing the chunk of lines 2–4 leaves it. The staged row is what an older
            // version (stage everything, then merge) could leave behind: the resumed run must not merge it.
            await db.DataImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Staging)
                .SetProperty(i => i.StagedThroughLine, 4).SetProperty(i => i.AppliedThroughLine, 4).SetProperty(i => i.TotalRows, 3));
            string Text(Guid g) => g.ToString().ToUpperInvariant(); // how EF stores a Guid on SQLite
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "StagedReceipts" ("ImportId", "Line", "PurchaseId", "NewCustomerId", "StoreId", "Phone", "ReceiptNumber", "OccurredAt", "Amount")
                VALUES ({Text(id)}, 5, {Text(Guid.NewGuid())}, {Text(Guid.NewGuid())}, {Text(Scenario.Store.Id)}, '+77015552009', 'LEFTOVER', '2025-03-01 00:00:00', 100)
                """);
        }
        var done = await RunAsync(id);
        Assert.Equal(ImportStatus.Completed, done.Status);
        Assert.Equal(9, done.TotalRows);
        await using var check = Service<ILoyaltyDbFactory>().Create();
        var receipts = await check.Purchases.Where(p => p.IsImported).Select(p => p.ReceiptNumber).OrderBy(r => r).ToListAsync();
        // were on lines 2–4: "already done" — so R-1 on line 9 is new to this run and is imported.
        Assert.Equal(["R-1"], receipts);
        Assert.Equal(0, await check.StagedReceipts.CountAsync());
    }
}
