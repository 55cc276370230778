using System.Globalization;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;
using TimeZoneConverter;

namespace Loyalty.Core.Imports;

/// <summary>
/// Imports a receipts file in two resumable steps (decision 0103):
/// <list type="number">
/// <item><b>Stage</b>: stream the file, validate each row in memory (rejections go to the report with line and reason) and
/// insert valid rows into <c>StagedReceipts</c> with one prepared command, committing every <see cref="ImportOptions.StageBatch"/>
/// rows together with the progress. After a restart, lines up to the last commit are skipped.</item>
/// <item><b>Apply</b>: set-based, per slice of lines, in one transaction each: resolve members by card then phone, create
/// unknown phones as members, insert the receipts that are not already there (receipt identity: partner, store, receipt
/// number — re-importing a file adds nothing), their items, and optionally their points through the ledger.</item>
/// </list>
/// </summary>
internal sealed class ImportReceipts(ILoyaltyDbFactory dbs, TimeProvider clock, ImportOptions options)
{
    private const string InsertStaged = """
        INSERT INTO "StagedReceipts" ("ImportId", "Line", "PurchaseId", "NewCustomerId", "StoreId", "Phone", "CardNumber", "ReceiptNumber", "OccurredAt", "Amount")
        VALUES (@import, @line, @purchase, @newCustomer, @store, @phone, @card, @receipt, @at, @amount)
        """;

    private const string InsertItem = """
        INSERT INTO "StagedReceiptItems" ("ImportId", "Line", "Sku", "Name", "Category", "Quantity", "Price") VALUES (@import, @line, @sku, @name, @category, @quantity, @price)
        """;

    private const string InsertIssue = """INSERT INTO "ImportIssues" ("ImportId", "Line", "Kind", "Reason") VALUES (@import, @line, @kind, @reason)""";

    private sealed record StoreRef(Guid Id, TimeZoneInfo Zone);

    public async Task StageAsync(DataImport import, CancellationToken ct)
    {
        ProgramSnapshot program;
        Dictionary<string, StoreRef> stores;
        string currency;
        await using (var read = dbs.Create())
        {
            program = await GetProgram.LoadAsync(read, ct);
            currency = await read.Partners.Where(p => p.Id == import.PartnerId).Select(p => p.Currency).FirstAsync(ct);
            var list = await read.Stores.AsNoTracking().Where(s => s.PartnerId == import.PartnerId).Select(s => new { s.Id, s.Name, s.TimeZone }).ToListAsync(ct);
            stores = new Dictionary<string, StoreRef>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in list)
            {
                var zone = TZConvert.TryGetTimeZoneInfo(s.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
                stores.TryAdd(s.Name.Trim(), new StoreRef(s.Id, zone));
                stores[s.Id.ToString()] = new StoreRef(s.Id, zone);
            }
        }
        var region = program.Settings.DefaultRegion;
        var now = clock.GetUtcNow().UtcDateTime;

        await using var file = File.OpenRead(import.StoredPath);
        using var rows = new CsvRows(file);
        var header = rows.ReadHeader() ?? [];
        int card = ReceiptColumns.Index(header, ReceiptColumns.Card), phoneCol = ReceiptColumns.Index(header, ReceiptColumns.Phone),
            date = ReceiptColumns.Index(header, ReceiptColumns.DateTime), store = ReceiptColumns.Index(header, ReceiptColumns.Store),
            receipt = ReceiptColumns.Index(header, ReceiptColumns.Receipt), amount = ReceiptColumns.Index(header, ReceiptColumns.Amount),
            items = ReceiptColumns.Index(header, ReceiptColumns.Items);
        var decimalComma = rows.Delimiter == ';';

        var done = false;
        while (!done)
        {
            ct.ThrowIfCancellationRequested();
            await using var db = dbs.Create();
            await using var tx = await db.BeginWriteAsync(ct);
            var sql = await RawSql.OnAsync(db, ct);
            int staged = 0, rejected = 0, lastLine = import.StagedThroughLine;
            while (staged + rejected < options.StageBatch)
            {
                var fields = rows.Read(out var line);
                if (fields is null) { done = true; break; }
                if (line <= import.StagedThroughLine) continue;
                lastLine = line;
                if (fields.Length == 1 && fields[0].Length == 0) continue;
                var error = Validate(fields, header.Count, card, phoneCol, date, store, receipt, amount, items, stores, region, currency, decimalComma, now,
                    out var row);
                if (error is not null)
                {
                    await sql.ExecuteAsync(InsertIssue, ct, ("@import", import.Id), ("@line", line), ("@kind", (byte)ImportIssueKind.Rejected), ("@reason", error));
                    rejected++;
                    continue;
                }
                await sql.ExecuteAsync(InsertStaged, ct, ("@import", import.Id), ("@line", line), ("@purchase", Guid.CreateVersion7()),
                    ("@newCustomer", Guid.CreateVersion7()), ("@store", row.StoreId), ("@phone", row.Phone), ("@card", row.Card),
                    ("@receipt", row.Receipt), ("@at", row.At), ("@amount", row.Amount));
                foreach (var item in row.Items)
                {
                    await sql.ExecuteAsync(InsertItem, ct, ("@import", import.Id), ("@line", line), ("@sku", item.Sku), ("@name", item.Name),
                        ("@category", item.Category), ("@quantity", item.Quantity), ("@price", item.Price));
                }
                staged++;
            }
            var bytes = done ? import.SizeBytes : rows.BytesRead;
            await sql.ExecuteAsync("""
                UPDATE "DataImports" SET "StagedThroughLine" = @line, "BytesRead" = @bytes, "TotalRows" = "TotalRows" + @total, "RejectedRows" = "RejectedRows" + @rejected,
                    "Status" = @status WHERE "Id" = @id
                """, ct, ("@line", lastLine), ("@bytes", bytes), ("@total", staged + rejected), ("@rejected", rejected),
                ("@status", (byte)(done ? ImportStatus.Applying : ImportStatus.Staging)), ("@id", import.Id));
            await tx.CommitAsync(ct);
            import = await ReloadAsync(import.Id, ct);
        }
    }

    private async Task<DataImport> ReloadAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await db.DataImports.AsNoTracking().FirstAsync(i => i.Id == id, ct);
    }

    private sealed record Row(Guid StoreId, string? Phone, string? Card, string Receipt, DateTime At, long Amount, List<ItemRow> Items);

    private sealed record ItemRow(string Sku, string Name, string? Category, decimal Quantity, long Price);

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy"];

    private static string? Validate(string[] f, int columns, int card, int phone, int date, int store, int receipt, int amount, int items,
        Dictionary<string, StoreRef> stores, string region, string currency, bool decimalComma, DateTime now, out Row row)
    {
        row = null!;
        if (f.Length != columns) return $"The line has {f.Length} fields; the header has {columns}.";
        string? Get(int i) => i < 0 ? null : f[i].Trim() is { Length: > 0 } v ? v : null;

        var cardValue = Get(card);
        var phoneValue = Get(phone);
        if (cardValue is null && phoneValue is null) return "Neither a card number nor a phone.";
        if (cardValue is not null)
        {
            if (!CardNumber.IsValid(cardValue)) return $"The card number \"{cardValue}\" or its check digit is wrong.";
            cardValue = CardNumber.Normalize(cardValue);
        }
        if (phoneValue is not null)
        {
            if (FastE164(phoneValue) is { } fast) phoneValue = fast;
            else if (PhoneNumber.TryParse(phoneValue, region, out var parsed)) phoneValue = parsed!.Value;
            else return $"The phone \"{phoneValue}\" is not a valid mobile number.";
        }
        var storeValue = Get(store);
        if (storeValue is null || !stores.TryGetValue(storeValue, out var storeRef)) return $"Unknown store \"{storeValue}\": use a store name from your settings.";
        var receiptValue = Get(receipt);
        if (receiptValue is null || receiptValue.Length > Purchase.ReceiptNumberMaxLength)
            return $"The receipt number is missing or longer than {Purchase.ReceiptNumberMaxLength} characters.";
        var dateValue = Get(date);
        DateTime at;
        if (dateValue is not null && DateTimeOffset.TryParse(dateValue, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset) && HasOffset(dateValue))
            at = offset.UtcDateTime;
        else if (dateValue is not null && DateTime.TryParseExact(dateValue, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            at = LocalTime.ToUtc(local, storeRef.Zone);
        else return $"The date \"{dateValue}\" is missing or not a date (write 2024-03-01 14:30).";
        if (at > now.AddMinutes(5)) return "The date is in the future.";
        if (!TryMoney(Get(amount), currency, decimalComma, out var minor) || minor <= 0)
            return $"The amount \"{Get(amount)}\" is not a positive sum in {currency} (at most {Money.Exponent(currency)} decimals).";

        var itemRows = new List<ItemRow>();
        if (Get(items) is { } itemText)
        {
            foreach (var part in itemText.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var p = part.Split(':');
                if (p.Length is < 4 or > 5 || p[0].Length == 0 || p[1].Length == 0 ||
                    !decimal.TryParse(p[2], NumberStyles.Number, CultureInfo.InvariantCulture, out var qty) || qty <= 0 ||
                    !TryMoney(p[3], currency, false, out var price) || price < 0)
                    return $"Items: \"{part}\" is not sku:name:quantity:price[:category].";
                itemRows.Add(new ItemRow(p[0], p[1], p.Length == 5 && p[4].Length > 0 ? p[4] : null, qty, price));
            }
        }
        row = new Row(storeRef.Id, phoneValue, cardValue, receiptValue, at, minor, itemRows);
        return null;
    }

    private static bool HasOffset(string s) => s.EndsWith('Z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');

    private static bool TryMoney(string? text, string currency, bool decimalComma, out long minor)
    {
        minor = 0;
        if (text is null) return false;
        if (decimalComma) text = text.Replace(',', '.');
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major) && Money.TryToMinor(major, currency, out minor);
    }

    /// <summary>"+" and 11–15 digits is already E.164: skip libphonenumber's full parse (a million rows, measured ~4 s saved).</summary>
    private static string? FastE164(string s)
    {
        if (s.Length is < 12 or > 16 || s[0] != '+' || s[1] == '0') return null;
        for (var i = 1; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) return null;
        return s;
    }

    public async Task ApplyAsync(DataImport import, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int maxLine;
        string currency;
        RewardRates? rates = null;
        ProgramSnapshot program;
        await using (var read = dbs.Create())
        {
            maxLine = await read.StagedReceipts.Where(s => s.ImportId == import.Id).MaxAsync(s => (int?)s.Line, ct) ?? 0;
            var partner = await read.Partners.AsNoTracking().FirstAsync(p => p.Id == import.PartnerId, ct);
            currency = partner.Currency;
            program = await GetProgram.LoadAsync(read, ct);
            if (import.EarnPoints)
            {
                var categories = await read.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partner.Id)
                    .ToDictionaryAsync(r => r.Category, r => r.EarnRateBp, StringComparer.OrdinalIgnoreCase, ct);
                rates = new RewardRates(partner.EarnRateBp, partner.RedemptionCapBp, categories);
            }
        }
        var from = import.AppliedThroughLine + 1;
        while (from <= maxLine)
        {
            ct.ThrowIfCancellationRequested();
            var to = from + options.ApplySlice - 1;
            await using var db = dbs.Create();
            await using var tx = await db.BeginWriteAsync(ct);
            var sql = await RawSql.OnAsync(db, ct);
            (string, object?)[] range = [("@import", import.Id), ("@from", from), ("@to", to)];

            // 1. Members: a card identifies its owner; otherwise the phone does.
            await sql.ExecuteAsync("""
                UPDATE "StagedReceipts" SET "CustomerId" = (SELECT c."CustomerId" FROM "Cards" c WHERE c."Number" = "StagedReceipts"."CardNumber")
                WHERE "ImportId" = @import AND "Line" BETWEEN @from AND @to AND "CardNumber" IS NOT NULL
                """, ct, range);
            const string byPhone = """
                UPDATE "StagedReceipts" SET "CustomerId" = (SELECT c."Id" FROM "Customers" c WHERE c."Phone" = "StagedReceipts"."Phone")
                WHERE "ImportId" = @import AND "Line" BETWEEN @from AND @to AND "CustomerId" IS NULL AND "Phone" IS NOT NULL
                """;
            await sql.ExecuteAsync(byPhone, ct, range);
            // 2. Unknown phones become members (not contactable: no consent is known), one per phone: the row with the
            // lowest line in the slice gives its id.
            var created = await sql.ExecuteAsync("""
                INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Gender", "Language", "Status", "RegisteredAt", "Source")
                SELECT s."NewCustomerId", s."Phone", '', 0, 'en', 0, @now, 'import'
                FROM "StagedReceipts" s
                WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NULL AND s."Phone" IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM "StagedReceipts" e WHERE e."ImportId" = s."ImportId" AND e."Phone" = s."Phone" AND e."Line" >= @from AND e."Line" < s."Line")
                  AND NOT EXISTS (SELECT 1 FROM "Purchases" p WHERE p."PartnerId" = @partner AND p."StoreId" = s."StoreId" AND p."ReceiptNumber" = s."ReceiptNumber")
                  AND NOT EXISTS (SELECT 1 FROM "StagedReceipts" e WHERE e."ImportId" = s."ImportId" AND e."StoreId" = s."StoreId" AND e."ReceiptNumber" = s."ReceiptNumber" AND e."Line" < s."Line")
                """, ct, ("@import", import.Id), ("@from", from), ("@to", to), ("@now", now), ("@partner", import.PartnerId));
            if (created > 0) await sql.ExecuteAsync(byPhone, ct, range);
            var unknown = await sql.ExecuteAsync($"""
                INSERT INTO "ImportIssues" ("ImportId", "Line", "Kind", "Reason")
                SELECT s."ImportId", s."Line", {(byte)ImportIssueKind.Rejected}, 'The card is not known and the row has no phone to identify the member by.'
                FROM "StagedReceipts" s WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NULL AND s."Phone" IS NULL
                """, ct, range);

            // 3. Receipts not already recorded (at this store, by anyone) nor earlier in this file.
            var inserted = await sql.ExecuteAsync("""
                INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "TerminalId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                    "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
                SELECT s."PurchaseId", @partner, s."StoreId", NULL, s."CustomerId", s."ReceiptNumber", s."Amount", @currency, s."OccurredAt", 0, 0, 0, 0, 0, 0, 1
                FROM "StagedReceipts" s
                WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM "Purchases" p WHERE p."PartnerId" = @partner AND p."StoreId" = s."StoreId" AND p."ReceiptNumber" = s."ReceiptNumber")
                  AND NOT EXISTS (SELECT 1 FROM "StagedReceipts" e WHERE e."ImportId" = s."ImportId" AND e."StoreId" = s."StoreId" AND e."ReceiptNumber" = s."ReceiptNumber" AND e."Line" < s."Line")
                """, ct, ("@partner", import.PartnerId), ("@currency", currency), ("@import", import.Id), ("@from", from), ("@to", to));
            await sql.ExecuteAsync("""
                INSERT INTO "PurchaseItems" ("PurchaseId", "Sku", "Name", "Category", "Quantity", "Price")
                SELECT s."PurchaseId", i."Sku", i."Name", i."Category", i."Quantity", i."Price"
                FROM "StagedReceiptItems" i JOIN "StagedReceipts" s ON s."ImportId" = i."ImportId" AND s."Line" = i."Line"
                WHERE i."ImportId" = @import AND i."Line" BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM "Purchases" p WHERE p."Id" = s."PurchaseId")
                """, ct, range);
            var staged = await sql.ScalarAsync<long>("""SELECT COUNT(*) FROM "StagedReceipts" WHERE "ImportId" = @import AND "Line" BETWEEN @from AND @to""", ct, range);
            var duplicates = (int)staged - inserted - unknown;

            if (rates is not null && inserted > 0) await EarnAsync(db, sql, import, from, to, currency, rates, program, now, ct);

            await sql.ExecuteAsync("""
                UPDATE "DataImports" SET "AppliedThroughLine" = @to, "ImportedRows" = "ImportedRows" + @inserted, "DuplicateRows" = "DuplicateRows" + @duplicates,
                    "RejectedRows" = "RejectedRows" + @unknown, "CreatedCustomers" = "CreatedCustomers" + @created WHERE "Id" = @id
                """, ct, ("@to", to), ("@inserted", inserted), ("@duplicates", duplicates), ("@unknown", unknown), ("@created", created), ("@id", import.Id));
            await tx.CommitAsync(ct);
            from = to + 1;
        }
    }

    /// <summary>Points for imported receipts, through the ledger like any earning; in the slice's transaction, so never twice.</summary>
    private static async Task EarnAsync(ILoyaltyDb db, RawSql sql, DataImport import, int from, int to, string currency, RewardRates rates,
        ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        var sales = new List<(Guid Purchase, Guid Customer, long Amount)>();
        await using (var reader = await sql.ReaderAsync("""
            SELECT p."Id", p."CustomerId", p."Amount" FROM "StagedReceipts" s JOIN "Purchases" p ON p."Id" = s."PurchaseId"
            WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND p."EarnedPoints" = 0
            """, ct, ("@import", import.Id), ("@from", from), ("@to", to)))
        {
            while (await reader.ReadAsync(ct)) sales.Add((Guid.Parse(reader.GetValue(0).ToString()!), Guid.Parse(reader.GetValue(1).ToString()!), reader.GetInt64(2)));
        }
        if (sales.Count == 0) return;
        var issuance = await Ledger.PartnerAccountAsync(db, import.PartnerId, AccountKind.PartnerIssuance, ct);
        foreach (var (purchase, customer, amount) in sales)
        {
            var earned = RewardRules.Earned(amount, amount, currency, rates, null);
            if (earned <= 0) continue;
            var main = await Ledger.CustomerAccountAsync(db, customer, ct: ct);
            await Ledger.PostAsync(db, now, Reasons.PurchaseEarn, "Points for an imported purchase",
                [new Leg(issuance, -earned), new Leg(main, earned)], customer, import.PartnerId, purchase,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
            await sql.ExecuteAsync("""UPDATE "Purchases" SET "EarnedPoints" = @earned WHERE "Id" = @id""", ct, ("@earned", earned), ("@id", purchase));
        }
        await db.SaveChangesAsync(ct);
    }
}
