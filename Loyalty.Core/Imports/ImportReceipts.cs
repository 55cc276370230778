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
/// Imports a receipts file chunk by chunk (decision 0103). Each chunk of <see cref="ImportOptions.ChunkRows"/> lines is
/// parsed and validated in memory outside any transaction, then in ONE write transaction: its valid rows are staged
/// with one prepared INSERT, merged set-based (members by card then phone, unknown phones created as members, receipts
/// not already recorded — receipt identity: partner, store, receipt number — their items, optionally points through
/// the ledger), the staging rows deleted again and the progress committed. So the staging table never holds more than
/// one chunk (its indexes stay in the page cache; measured: staging the whole file first and deleting it at the end
/// cost more than the merge itself), and a restart resumes after the last committed chunk with nothing done twice.
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

    /// <summary>
    /// The import connection's page cache, in KiB, on SQLite. The purchase indexes a history lands in are keyed by
    /// member and by time, so a chunk's inserts touch pages all over them: with the default 16 MB every chunk re-read
    /// and re-wrote most of them (512 MB holds a million imported receipts with their indexes). Set back when the import
    /// ends, because pooled connections keep pragmas.
    /// </summary>
    private const int ImportCacheKib = 512 * 1024;

    /// <summary>
    /// On SQLite a chunk is staged in connection-private temporary tables kept in memory: the chunk is merged in the
    /// transaction that stages it, so its staging rows need not survive a crash, and writing them to the database file
    /// (and its WAL) only to delete them again was measured as the dearest step of the import. SQL Server uses the
    /// persistent staging tables (shared schema, rows deleted by the same transaction).
    /// </summary>
    private const string CreateChunkTables = """
        CREATE TEMP TABLE IF NOT EXISTS "ImportChunk" ("ImportId" TEXT NOT NULL, "Line" INTEGER NOT NULL, "PurchaseId" TEXT NOT NULL,
            "NewCustomerId" TEXT NOT NULL, "StoreId" TEXT NOT NULL, "Phone" TEXT NULL, "CardNumber" TEXT NULL, "CustomerId" TEXT NULL,
            "ReceiptNumber" TEXT NOT NULL, "OccurredAt" TEXT NOT NULL, "Amount" INTEGER NOT NULL, PRIMARY KEY ("ImportId", "Line"));
        CREATE TEMP TABLE IF NOT EXISTS "ImportChunkItems" ("ImportId" TEXT NOT NULL, "Line" INTEGER NOT NULL, "Sku" TEXT NOT NULL, "Name" TEXT NOT NULL,
            "Category" TEXT NULL, "Quantity" TEXT NOT NULL, "Price" INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS temp."IX_ImportChunkItems_Line" ON "ImportChunkItems" ("ImportId", "Line");
        """;

    /// <summary>
    /// SQLite: a chunk is staged by two statements, its rows passed as one JSON array each and unpacked by
    /// <c>json_each</c> inside SQLite; the member is found as the row goes in (a card identifies its owner, otherwise the
    /// phone does) instead of by a second pass over the staged rows. Binding ten parameters and executing a statement
    /// per row cost more CPU than the merge's SQL; the JSON is written once, in one pass. Values are written exactly as
    /// EF stores them: Guids upper-case, instants <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, decimals as invariant text.
    /// SQLite only (written with <c>json_extract</c> rather than <c>-&gt;&gt;</c> so the statements still parse as T-SQL for the
    /// dialect check, though SQL Server never runs them).
    /// </summary>
    private const string StageJson = """
        INSERT INTO "ImportChunk" ("ImportId", "Line", "PurchaseId", "NewCustomerId", "StoreId", "Phone", "CardNumber", "ReceiptNumber", "OccurredAt", "Amount", "CustomerId")
        SELECT @import, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
            json_extract(value, '$[4]'), json_extract(value, '$[5]'), json_extract(value, '$[6]'), json_extract(value, '$[7]'), json_extract(value, '$[8]'),
            COALESCE((SELECT c."CustomerId" FROM "Cards" c WHERE c."Number" = json_extract(value, '$[5]')), (SELECT c."Id" FROM "Customers" c WHERE c."Phone" = json_extract(value, '$[4]')))
        FROM json_each(@rows)
        """;

    private const string StageItemsJson = """
        INSERT INTO "ImportChunkItems" ("ImportId", "Line", "Sku", "Name", "Category", "Quantity", "Price")
        SELECT @import, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
            json_extract(value, '$[4]'), json_extract(value, '$[5]')
        FROM json_each(@items)
        """;

    private static async Task StageAsJsonAsync(RawSql sql, Guid importId, Chunk chunk, CancellationToken ct)
    {
        using var rows = new MemoryStream(chunk.Rows.Count * 160);
        using var items = new MemoryStream();
        var hasItems = false;
        using (var json = new System.Text.Json.Utf8JsonWriter(rows))
        using (var itemJson = new System.Text.Json.Utf8JsonWriter(items))
        {
            json.WriteStartArray();
            itemJson.WriteStartArray();
            foreach (var (line, row) in chunk.Rows)
            {
                json.WriteStartArray();
                json.WriteNumberValue(line);
                json.WriteStringValue(SqliteText(Guid.CreateVersion7()));
                json.WriteStringValue(SqliteText(chunk.NewMemberId(row)));
                json.WriteStringValue(SqliteText(row.StoreId));
                json.WriteStringValue(row.Phone);
                json.WriteStringValue(row.Card);
                json.WriteStringValue(row.Receipt);
                json.WriteStringValue(row.At.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                json.WriteNumberValue(row.Amount);
                json.WriteEndArray();
                foreach (var item in row.Items)
                {
                    hasItems = true;
                    itemJson.WriteStartArray();
                    itemJson.WriteNumberValue(line);
                    itemJson.WriteStringValue(item.Sku);
                    itemJson.WriteStringValue(item.Name);
                    itemJson.WriteStringValue(item.Category);
                    itemJson.WriteStringValue(item.Quantity.ToString("0.0###########################", CultureInfo.InvariantCulture));
                    itemJson.WriteNumberValue(item.Price);
                    itemJson.WriteEndArray();
                }
            }
            json.WriteEndArray();
            itemJson.WriteEndArray();
        }
        await sql.ExecuteAsync(StageJson, ct, ("@import", importId), ("@rows", System.Text.Encoding.UTF8.GetString(rows.GetBuffer(), 0, (int)rows.Length)));
        if (hasItems)
            await sql.ExecuteAsync(StageItemsJson, ct, ("@import", importId), ("@items", System.Text.Encoding.UTF8.GetString(items.GetBuffer(), 0, (int)items.Length)));
    }

    private static string SqliteText(Guid id) => id.ToString().ToUpperInvariant();

    private bool _memoryChunks;
    private string _insertStaged = InsertStaged;
    private string _insertItem = InsertItem;

    /// <summary>The statement with the staging tables of this provider.</summary>
    private string T(string sql) => _memoryChunks
        ? sql.Replace("\"StagedReceiptItems\"", "\"ImportChunkItems\"", StringComparison.Ordinal).Replace("\"StagedReceipts\"", "\"ImportChunk\"", StringComparison.Ordinal)
        : sql;

    private sealed record StoreRef(Guid Id, TimeZoneInfo Zone);

    private sealed record Context(Guid PartnerId, Dictionary<string, StoreRef> Stores, string Region, string Currency, DateTime Now, RewardRates? Rates,
        ProgramSnapshot Program);

    /// <summary>
    /// A chunk's valid rows, after the duplicates inside the chunk are taken out (the first line with a store's receipt
    /// number wins, later ones only count as duplicates). Rows with the same unknown phone share one new member id.
    /// </summary>
    private sealed record Chunk(List<(int Line, Row Row)> Rows, List<(int Line, string Reason)> Rejected, int LastLine, bool Done, int Duplicates,
        Dictionary<string, Guid> NewMembers)
    {
        public Guid NewMemberId(Row row) => row.Phone is { } phone ? NewMembers[phone] : Guid.CreateVersion7();
    }

    public async Task RunAsync(DataImport import, CancellationToken ct)
    {
        var context = await LoadContextAsync(import, ct);
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var sql = await RawSql.OnAsync(db, ct);
        object? previousCache = null;
        if (sql.IsSqlite)
        {
            previousCache = await sql.ScalarAsync<long>("PRAGMA cache_size", ct);
            await sql.ExecuteAsync($"PRAGMA cache_size = -{ImportCacheKib}", ct);
            await sql.ExecuteAsync("PRAGMA temp_store = MEMORY", ct);
            // Every key the merge writes is resolved by the merge's own SQL in the same transaction (the partner, its
            // stores, members found or created, purchases just inserted), so SQLite's per-row foreign-key probes — three
            // per receipt — only repeat those lookups. Off for this connection while it imports (outside a transaction,
            // where the pragma takes effect), on again before it goes back to the pool.
            await sql.ExecuteAsync("PRAGMA foreign_keys = OFF", ct);
            await sql.ExecuteAsync(CreateChunkTables, ct);
            _memoryChunks = true;
            (_insertStaged, _insertItem) = (T(InsertStaged), T(InsertItem));
        }
        try
        {
            // Staging rows of an interrupted run that never committed are rolled back with it; this clears rows an
            // older version staged ahead of its merge, so the resumed run merges only what it reads again.
            await using (var tx = await db.BeginWriteAsync(ct))
            {
                sql = await RawSql.OnAsync(db, ct);
                await sql.ExecuteAsync("""DELETE FROM "StagedReceiptItems" WHERE "ImportId" = @import""", ct, ("@import", import.Id));
                await sql.ExecuteAsync("""DELETE FROM "StagedReceipts" WHERE "ImportId" = @import""", ct, ("@import", import.Id));
                await tx.CommitAsync(ct);
            }

            using var rows = TabularRows.Open(import.StoredPath);
            var header = rows.ReadHeader() ?? [];
            var columns = new Columns(header);
            var decimalComma = rows.DecimalComma;
            var resumeAfter = import.AppliedThroughLine;
            var last = resumeAfter;
            while (!ct.IsCancellationRequested)
            {
                var chunk = ReadChunk(rows, columns, context, decimalComma, resumeAfter, last);
                if (chunk.LastLine > last || chunk.Done)
                {
                    await using var tx = await db.BeginWriteAsync(ct);
                    sql = await RawSql.OnAsync(db, ct);
                    await MergeAsync(db, sql, import, context, chunk, last + 1, chunk.Done ? import.SizeBytes : rows.BytesRead, ct);
                    await tx.CommitAsync(ct);
                    last = chunk.LastLine;
                }
                if (chunk.Done) break;
            }
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            if (previousCache is not null)
            {
                // The connection goes back to the pool: without the tables, and with its own settings.
                var reset = await RawSql.OnAsync(db, CancellationToken.None);
                await reset.ExecuteAsync("""DROP TABLE IF EXISTS temp."ImportChunk"; DROP TABLE IF EXISTS temp."ImportChunkItems";""", CancellationToken.None);
                await reset.ExecuteAsync("PRAGMA temp_store = DEFAULT", CancellationToken.None);
                await reset.ExecuteAsync("PRAGMA foreign_keys = ON", CancellationToken.None);
                await reset.ExecuteAsync($"PRAGMA cache_size = {previousCache}", CancellationToken.None);
            }
        }
    }

    private async Task<Context> LoadContextAsync(DataImport import, CancellationToken ct)
    {
        await using var read = dbs.Create();
        var program = await GetProgram.LoadAsync(read, ct);
        var partner = await read.Partners.AsNoTracking().FirstAsync(p => p.Id == import.PartnerId, ct);
        var list = await read.Stores.AsNoTracking().Where(s => s.PartnerId == import.PartnerId).Select(s => new { s.Id, s.Name, s.TimeZone }).ToListAsync(ct);
        var stores = new Dictionary<string, StoreRef>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in list)
        {
            var zone = TZConvert.TryGetTimeZoneInfo(s.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
            stores.TryAdd(s.Name.Trim(), new StoreRef(s.Id, zone));
            stores[s.Id.ToString()] = new StoreRef(s.Id, zone);
        }
        RewardRates? rates = null;
        if (import.EarnPoints)
        {
            var categories = await read.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partner.Id)
                .ToDictionaryAsync(r => r.Category, r => r.EarnRateBp, StringComparer.OrdinalIgnoreCase, ct);
            rates = new RewardRates(partner.EarnRateBp, partner.RedemptionCapBp, categories);
        }
        return new Context(partner.Id, stores, program.Settings.DefaultRegion, partner.Currency, clock.GetUtcNow().UtcDateTime, rates, program);
    }

    private sealed class Columns(IReadOnlyList<string> header)
    {
        public readonly int Count = header.Count;
        public readonly int Card = ReceiptColumns.Index(header, ReceiptColumns.Card);
        public readonly int Phone = ReceiptColumns.Index(header, ReceiptColumns.Phone);
        public readonly int Date = ReceiptColumns.Index(header, ReceiptColumns.DateTime);
        public readonly int Store = ReceiptColumns.Index(header, ReceiptColumns.Store);
        public readonly int Receipt = ReceiptColumns.Index(header, ReceiptColumns.Receipt);
        public readonly int Amount = ReceiptColumns.Index(header, ReceiptColumns.Amount);
        public readonly int Items = ReceiptColumns.Index(header, ReceiptColumns.Items);
    }

    /// <summary>Parses and validates the next chunk in memory, outside the write transaction (tills keep the writer meanwhile).</summary>
    private Chunk ReadChunk(TabularRows rows, Columns c, Context context, bool decimalComma, int resumeAfter, int last)
    {
        var valid = new List<(int, Row)>(Math.Min(options.ChunkRows, 65_536));
        var rejected = new List<(int, string)>();
        var receipts = new HashSet<(Guid, string)>();
        var members = new Dictionary<string, Guid>();
        var duplicates = 0;
        while (valid.Count + rejected.Count + duplicates < options.ChunkRows)
        {
            var fields = rows.Read(out var line);
            if (fields is null) return new Chunk(valid, rejected, last, true, duplicates, members);
            if (line <= resumeAfter) continue;
            last = line;
            if (fields.Length == 1 && fields[0].Length == 0) continue;
            var error = Validate(fields, c.Count, c.Card, c.Phone, c.Date, c.Store, c.Receipt, c.Amount, c.Items, context.Stores, context.Region,
                context.Currency, decimalComma, context.Now, out var row);
            if (error is not null) rejected.Add((line, error));
            else if (!receipts.Add((row.StoreId, row.Receipt))) duplicates++;
            else
            {
                valid.Add((line, row));
                if (row.Phone is { } phone) members.TryAdd(phone, Guid.CreateVersion7());
            }
        }
        return new Chunk(valid, rejected, last, false, duplicates, members);
    }

    private async Task MergeAsync(ILoyaltyDb db, RawSql sql, DataImport import, Context context, Chunk chunk, int from, long bytes, CancellationToken ct)
    {
        foreach (var (line, reason) in chunk.Rejected)
            await sql.ExecuteAsync(InsertIssue, ct, ("@import", import.Id), ("@line", line), ("@kind", (byte)ImportIssueKind.Rejected), ("@reason", reason));
        if (_memoryChunks) await StageAsJsonAsync(sql, import.Id, chunk, ct);
        else foreach (var (line, row) in chunk.Rows)
        {
            await sql.ExecuteAsync(_insertStaged, ct, ("@import", import.Id), ("@line", line), ("@purchase", Guid.CreateVersion7()),
                ("@newCustomer", chunk.NewMemberId(row)), ("@store", row.StoreId), ("@phone", row.Phone), ("@card", row.Card),
                ("@receipt", row.Receipt), ("@at", row.At), ("@amount", row.Amount));
            foreach (var item in row.Items)
            {
                await sql.ExecuteAsync(_insertItem, ct, ("@import", import.Id), ("@line", line), ("@sku", item.Sku), ("@name", item.Name),
                    ("@category", item.Category), ("@quantity", item.Quantity), ("@price", item.Price));
            }
        }
        var (inserted, duplicates, unknown, created) = chunk.Rows.Count == 0 ? (0, 0, 0, 0)
            : await ApplyAsync(db, sql, import, context, from, chunk.LastLine, chunk.Rows.Count, ct);
        await sql.ExecuteAsync(T("""DELETE FROM "StagedReceiptItems" WHERE "ImportId" = @import"""), ct, ("@import", import.Id));
        await sql.ExecuteAsync(T("""DELETE FROM "StagedReceipts" WHERE "ImportId" = @import"""), ct, ("@import", import.Id));
        duplicates += chunk.Duplicates;
        var rejected = chunk.Rejected.Count + unknown;
        await sql.ExecuteAsync("""
            UPDATE "DataImports" SET "StagedThroughLine" = @line, "AppliedThroughLine" = @line, "BytesRead" = @bytes,
                "TotalRows" = "TotalRows" + @total, "RejectedRows" = "RejectedRows" + @rejected, "ImportedRows" = "ImportedRows" + @inserted,
                "DuplicateRows" = "DuplicateRows" + @duplicates, "CreatedCustomers" = "CreatedCustomers" + @created, "Status" = @status
            WHERE "Id" = @id
            """, ct, ("@line", chunk.LastLine), ("@bytes", bytes), ("@total", chunk.Rows.Count + chunk.Rejected.Count + chunk.Duplicates), ("@rejected", rejected),
            ("@inserted", inserted), ("@duplicates", duplicates), ("@created", created), ("@status", (byte)ImportStatus.Staging), ("@id", import.Id));
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

    /// <summary>The set-based merge of the staged chunk (lines <paramref name="from"/>–<paramref name="to"/>).</summary>
    private async Task<(int Inserted, int Duplicates, int Unknown, int Created)> ApplyAsync(ILoyaltyDb db, RawSql sql, DataImport import,
        Context context, int from, int to, int staged, CancellationToken ct)
    {
        (string, object?)[] range = [("@import", import.Id), ("@from", from), ("@to", to)];

        // 1. Members: a card identifies its owner; otherwise the phone does (on SQLite already done while staging).
        if (!_memoryChunks) await sql.ExecuteAsync(T("""
            UPDATE "StagedReceipts" SET "CustomerId" = (SELECT c."CustomerId" FROM "Cards" c WHERE c."Number" = "StagedReceipts"."CardNumber")
            WHERE "ImportId" = @import AND "Line" BETWEEN @from AND @to AND "CardNumber" IS NOT NULL
            """), ct, range);
        var byPhone = T("""
            UPDATE "StagedReceipts" SET "CustomerId" = (SELECT c."Id" FROM "Customers" c WHERE c."Phone" = "StagedReceipts"."Phone")
            WHERE "ImportId" = @import AND "Line" BETWEEN @from AND @to AND "CustomerId" IS NULL AND "Phone" IS NOT NULL
            """);
        if (!_memoryChunks) await sql.ExecuteAsync(byPhone, ct, range);
        // 2. Unknown phones become members (not contactable: no consent is known), one per phone: the chunk's rows with
        // one phone share its new member id. Not for rows whose receipt is already recorded (nothing of theirs is imported).
        var created = await sql.ExecuteAsync(T("""
            INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Gender", "Language", "Status", "RegisteredAt", "Source")
            SELECT DISTINCT s."NewCustomerId", s."Phone", '', 0, 'en', 0, @now, 'import'
            FROM "StagedReceipts" s
            WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NULL AND s."Phone" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "Purchases" p WHERE p."PartnerId" = @partner AND p."StoreId" = s."StoreId" AND p."ReceiptNumber" = s."ReceiptNumber")
            """), ct, ("@import", import.Id), ("@from", from), ("@to", to), ("@now", context.Now), ("@partner", import.PartnerId));
        if (created > 0) await sql.ExecuteAsync(byPhone, ct, range);
        var unknown = await sql.ExecuteAsync(T($"""
            INSERT INTO "ImportIssues" ("ImportId", "Line", "Kind", "Reason")
            SELECT s."ImportId", s."Line", {(byte)ImportIssueKind.Rejected}, 'The card is not known and the row has no phone to identify the member by.'
            FROM "StagedReceipts" s WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NULL AND s."Phone" IS NULL
            """), ct, range);

        // 3. Receipts not already recorded (at this store, by anyone: earlier chunks included; the chunk itself has no
        // repeats, they were counted as duplicates when it was read).
        // In time order: two of the purchase indexes are keyed by time, so their pages are then visited once each,
        // front to back, instead of at random (a history's dates are spread over years).
        var inserted = await sql.ExecuteAsync(T("""
            INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "TerminalId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
            SELECT s."PurchaseId", @partner, s."StoreId", NULL, s."CustomerId", s."ReceiptNumber", s."Amount", @currency, s."OccurredAt", 0, 0, 0, 0, 0, 0, 1
            FROM "StagedReceipts" s
            WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND s."CustomerId" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "Purchases" p WHERE p."PartnerId" = @partner AND p."StoreId" = s."StoreId" AND p."ReceiptNumber" = s."ReceiptNumber")
            ORDER BY s."OccurredAt"
            """), ct, ("@partner", import.PartnerId), ("@currency", context.Currency), ("@import", import.Id), ("@from", from), ("@to", to));
        await sql.ExecuteAsync(T("""
            INSERT INTO "PurchaseItems" ("PurchaseId", "Sku", "Name", "Category", "Quantity", "Price")
            SELECT s."PurchaseId", i."Sku", i."Name", i."Category", i."Quantity", i."Price"
            FROM "StagedReceiptItems" i JOIN "StagedReceipts" s ON s."ImportId" = i."ImportId" AND s."Line" = i."Line"
            WHERE i."ImportId" = @import AND i."Line" BETWEEN @from AND @to AND EXISTS (SELECT 1 FROM "Purchases" p WHERE p."Id" = s."PurchaseId")
            """), ct, range);

        if (context.Rates is not null && inserted > 0) await EarnAsync(db, sql, import, from, to, context.Currency, context.Rates, context.Program, context.Now, ct);
        return (inserted, staged - inserted - unknown, unknown, created);
    }

    /// <summary>Points for imported receipts, through the ledger like any earning; in the slice's transaction, so never twice.</summary>
    private async Task EarnAsync(ILoyaltyDb db, RawSql sql, DataImport import, int from, int to, string currency, RewardRates rates,
        ProgramSnapshot program, DateTime now, CancellationToken ct)
    {
        var sales = new List<(Guid Purchase, Guid Customer, long Amount)>();
        await using (var reader = await sql.ReaderAsync(T("""
            SELECT p."Id", p."CustomerId", p."Amount" FROM "StagedReceipts" s JOIN "Purchases" p ON p."Id" = s."PurchaseId"
            WHERE s."ImportId" = @import AND s."Line" BETWEEN @from AND @to AND p."EarnedPoints" = 0
            """), ct, ("@import", import.Id), ("@from", from), ("@to", to)))
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

