using System.Diagnostics;
using System.Globalization;
using Loyalty.Core.Messaging;
using Loyalty.Core.Reviews;
using Microsoft.Data.Sqlite;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Segments;
using Loyalty.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>customers [--customers 1000000] [--purchases 2000000] [--db path] [--runs 5]</c>: the partner cabinet's customers grid on
/// a coalition of a million members (the segments benchmark's generator, profiles rebuilt once): the first page, page 100,
/// every kind of filter and the first 2,000 export rows, each the median of several runs through the real use cases.
/// </summary>
public static class CustomersBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = 1_000_000;
        var purchases = 2_000_000;
        var runs = 5;
        string? path = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--db") { path = args[i + 1]; continue; }
            if (!int.TryParse(args[i + 1], out var value) || value <= 0) { Console.Error.WriteLine($"'{args[i]}' needs a positive whole number."); return Program.ExitUsage; }
            if (args[i] == "--customers") customers = value;
            else if (args[i] == "--purchases") purchases = value;
            else if (args[i] == "--runs") runs = value;
            else { Console.Error.WriteLine($"Unknown option '{args[i]}'."); return Program.ExitUsage; }
        }
        path ??= Path.Combine(Path.GetTempPath(), $"loyalty-customers-bench-{customers}-{purchases}.db");
        var generate = !File.Exists(path);
        await using var services = SegmentsBenchmark.Services(path);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Console.WriteLine($"Customers grid benchmark: {path}, {Environment.ProcessorCount} cores, load average {MachineLoad.Describe()}");
        var partners = await SegmentsBenchmark.PartnersAsync(services);
        if (generate)
        {
            var setup = Stopwatch.StartNew();
            await SegmentsBenchmark.GenerateAsync(path, partners, customers, purchases);
            await services.GetRequiredService<RecalculateSegments>().HandleAsync();
            Console.WriteLine($"  setup: {customers:N0} members, {purchases:N0} purchases and their profiles in {setup.Elapsed.TotalSeconds:F0} s (not part of the figures)");
        }

        var busiest = await BusiestAsync(services, partners);
        await RestoreProfileOrderAsync(services, busiest);
        var staff = new PartnerStaff(busiest, "bench", [Roles.PartnerMarketer]);
        var list = services.GetRequiredService<ListPartnerCustomers>();
        var first = await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 25));
        // Tag a thousand of the partner's customers so the tag filter has something to find.
        var tagger = services.GetRequiredService<TagCustomer>();
        var tagged = await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 3, 100));
        foreach (var row in tagged.Items) await tagger.HandleAsync(staff, row.Id, "bench-vip", add: true);
        Console.WriteLine($"  the busiest partner has {first.Total:N0} customers of {customers:N0} members");

        await EnrichAsync(path, busiest);
        var group = await services.GetRequiredService<ImportStaticGroup>().HandleAsync(busiest, $"bench group {DateTime.UtcNow:HHmmss}",
            tagged.Items.Select(r => "+7708" + (r.Name.Replace("Member", "").PadLeft(7, '0'))).ToList(), "KZ");
        var store = partners.First(p => p.Partner == busiest).Store;

        SegmentRules One(SegmentField field, RuleOperator op, string value, int? days = null) => new(RuleCombine.All, [new SegmentCondition(field, op, value, days)]);
        var almaty = new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Almaty");
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Spend365, RuleOperator.AtLeast, "20000"), almaty]);
        var cases = new List<(string Name, PartnerCustomerQuery Query)>
        {
            ("first page (newest first) + total", new(CustomerFilter.None, 0, 25)),
            ("page 100", new(CustomerFilter.None, 99, 25)),
            ("sorted by spend", new(CustomerFilter.None, 0, 25, "Spend", true)),
            ("sorted by spend, page 100", new(CustomerFilter.None, 99, 25, "Spend", true)),
            ("sorted by last purchase", new(CustomerFilter.None, 0, 25, "LastPurchaseAt", true)),
            ("sorted by name", new(CustomerFilter.None, 0, 25, "Name", false)),
            ("search: full phone", new(new CustomerFilter(Search: "+77080001234"), 0, 25)),
            ("search: card number (none issued)", new(new CustomerFilter(Search: "2000000000018"), 0, 25)),
            ("search: name prefix 'Member12'", new(new CustomerFilter(Search: "Member12"), 0, 25)),
            ("search: phone ending '4567'", new(new CustomerFilter(Search: "4567"), 0, 25)),
            ("search: phone ending '67'", new(new CustomerFilter(Search: "67"), 0, 25)),
            ("tag filter", new(new CustomerFilter(Tag: "bench-vip"), 0, 25)),
            ("group filter", new(new CustomerFilter(GroupId: group.SegmentId), 0, 25)),
            ("rules: spend 12m ≥ 20,000 AND city Almaty", new(new CustomerFilter(Rules: rules), 0, 25)),
            ("rules: the same, sorted by spend", new(new CustomerFilter(Rules: rules), 0, 25, "Spend", true)),
            ("rules: spend 12m ≥ 20,000 OR city Almaty", new(new CustomerFilter(Rules: rules with { Combine = RuleCombine.Any }), 0, 25)),
        };
        // Every rule the filter dialog offers, alone, with a value that matches a real share of the partner's customers.
        foreach (var (label, rule) in new (string, SegmentRules)[]
        {
            ("spend 30 days ≥ 1,000", One(SegmentField.Spend30, RuleOperator.AtLeast, "1000")),
            ("spend 90 days ≥ 5,000", One(SegmentField.Spend90, RuleOperator.AtLeast, "5000")),
            ("spend 12 months ≥ 20,000", One(SegmentField.Spend365, RuleOperator.AtLeast, "20000")),
            ("spend all time ≥ 20,000", One(SegmentField.SpendTotal, RuleOperator.AtLeast, "20000")),
            ("spend all time ≤ 5,000", One(SegmentField.SpendTotal, RuleOperator.AtMost, "5000")),
            ("visits 30 days ≥ 1", One(SegmentField.Purchases30, RuleOperator.AtLeast, "1")),
            ("visits 90 days ≥ 2", One(SegmentField.Purchases90, RuleOperator.AtLeast, "2")),
            ("visits 12 months ≥ 3", One(SegmentField.Purchases365, RuleOperator.AtLeast, "3")),
            ("visits all time ≥ 5", One(SegmentField.PurchasesTotal, RuleOperator.AtLeast, "5")),
            ("average ticket ≥ 5,000", One(SegmentField.AverageTicket, RuleOperator.AtLeast, "5000")),
            ("average ticket 30 days ≥ 5,000", One(SegmentField.AverageTicket30, RuleOperator.AtLeast, "5000")),
            ("average ticket 90 days ≥ 5,000", One(SegmentField.AverageTicket90, RuleOperator.AtLeast, "5000")),
            ("average ticket 12 months ≥ 5,000", One(SegmentField.AverageTicket365, RuleOperator.AtLeast, "5000")),
            ("days since last purchase ≤ 30", One(SegmentField.DaysSinceLastPurchase, RuleOperator.AtMost, "30")),
            ("days since last purchase ≥ 180", One(SegmentField.DaysSinceLastPurchase, RuleOperator.AtLeast, "180")),
            ("favourite category = Drinks", One(SegmentField.FavouriteCategory, RuleOperator.Equals, "Drinks")),
            ("bought category Drinks in 90 days", One(SegmentField.BoughtCategory, RuleOperator.Equals, "Drinks", 90)),
            ("bought SKU-8 in 365 days", One(SegmentField.BoughtSku, RuleOperator.Equals, "SKU-8", 365)),
            ("visited the store in 30 days", One(SegmentField.VisitedStore, RuleOperator.Equals, store.ToString(), 30)),
            ("RFM segment = at risk", One(SegmentField.RfmSegment, RuleOperator.Equals, "AtRisk")),
            ("tier = (none has it)", One(SegmentField.Tier, RuleOperator.Equals, Guid.NewGuid().ToString())),
            ("came by referral", One(SegmentField.Referred, RuleOperator.Equals, "true")),
            ("has referred friends", One(SegmentField.HasReferredFriends, RuleOperator.Equals, "true")),
            ("days since joining ≤ 30", One(SegmentField.DaysSinceRegistration, RuleOperator.AtMost, "30")),
            ("subscribed to the brand", One(SegmentField.SubscribedToBrand, RuleOperator.Equals, "true")),
            ("has tag bench-vip", One(SegmentField.Tag, RuleOperator.Equals, "bench-vip")),
            ("age ≥ 40", One(SegmentField.Age, RuleOperator.AtLeast, "40")),
            ("gender = female", One(SegmentField.Gender, RuleOperator.Equals, "Female")),
            ("city = Almaty", new(RuleCombine.All, [almaty])),
            ("language = ru", One(SegmentField.Language, RuleOperator.Equals, "ru")),
            ("agreed to e-mail", One(SegmentField.EmailConsent, RuleOperator.Equals, "true")),
            ("agreed to SMS", One(SegmentField.SmsConsent, RuleOperator.Equals, "true")),
        })
            cases.Add(("rule: " + label, new(new CustomerFilter(Rules: rule), 0, 25)));

        foreach (var (name, query) in cases)
            await TimeAsync(name, runs, async () => (await list.HandleAsync(staff, query)).Total);

        // The cabinet's other screens that grow with members and purchases.
        var top = (await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 1, "Spend", true))).Items[0].Id;
        await TimeAsync("customer card (top spender)", runs, async () => (await services.GetRequiredService<GetPartnerCustomerCard>().HandleAsync(staff, top)).RecentPurchases.Count);
        await TimeAsync("dashboard, 30 days", runs, async () => (await services.GetRequiredService<Loyalty.Core.Dashboard.GetPartnerDashboard>().HandleAsync(staff, 30)).Recent.Count);
        var rfm = services.GetRequiredService<ListSegmentMembers>();
        await TimeAsync("RFM drill-down: at risk, first page", runs, async () => (await rfm.HandleAsync(new SegmentMembersQuery(busiest, RfmSegment.AtRisk, 0, 25, null, true))).Total);
        await TimeAsync("RFM drill-down: champions by spend, page 20", runs, async () => (await rfm.HandleAsync(new SegmentMembersQuery(busiest, RfmSegment.Champions, 19, 25, "Spend", true))).Total);
        var reviews = services.GetRequiredService<ManagePartnerReviews>();
        await TimeAsync("reviews: first page", runs, async () => (await reviews.ListAsync(busiest, new ReviewFilter(null, null))).Total);
        await TimeAsync("reviews: 1 star, unanswered", runs, async () => (await reviews.ListAsync(busiest, new ReviewFilter(1, true))).Total);
        await TimeAsync("reviews: summary", runs, async () => (await reviews.SummaryAsync(busiest)).Count);
        var messages = services.GetRequiredService<SearchMessages>();
        await TimeAsync("message log: first page", runs, async () => (await messages.HandleAsync(busiest, new MessageQuery(null, null, null, null, null, null, 0, 25))).Total);
        await TimeAsync("message log: page 100", runs, async () => (await messages.HandleAsync(busiest, new MessageQuery(null, null, null, null, null, null, 99, 25))).Total);
        await TimeAsync("message log: failed only", runs, async () => (await messages.HandleAsync(busiest, new MessageQuery(null, null, MessageStatus.Failed, null, null, null, 0, 25))).Total);
        await TimeAsync("message log: recipient search", runs, async () => (await messages.HandleAsync(busiest, new MessageQuery("0001234", null, null, null, null, null, 0, 25))).Total);

        var export = Stopwatch.StartNew();
        var exported = 0;
        await foreach (var _ in services.GetRequiredService<ExportPartnerCustomers>().HandleAsync(staff, CustomerFilter.None))
            if (++exported == 2_000) break;
        Console.WriteLine($"  export: first {exported:N0} rows in {export.Elapsed.TotalMilliseconds:F0} ms");
        return Program.ExitOk;
    }

    /// <summary>The partner with the most customers (the generator's spread is uneven, and a partner without buyers proves nothing).</summary>
    internal static async Task<Guid> BusiestAsync(IServiceProvider services, List<(Guid Partner, Guid Store)> partners)
    {
        await using var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();
        var ids = partners.Select(p => p.Partner).ToList();
        var busiest = await db.CustomerProfiles.Where(p => ids.Contains(p.PartnerId)).GroupBy(p => p.PartnerId)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync();
        return busiest == Guid.Empty ? partners[0].Partner : busiest;
    }

    /// <summary>The median of several calls, and this process's CPU time per call (meaningful when others share the cores).</summary>
    internal static async Task TimeAsync(string name, int runs, Func<Task<int>> call)
    {
        var times = new List<double>();
        var total = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            total = await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
        times.Sort();
        var flag = cpuPerCall > 500 ? "  ← over 500 ms of CPU" : "";
        Console.WriteLine($"  {name,-50} median {times[times.Count / 2],7:F0} ms  (min {times[0]:F0}, max {times[^1]:F0}; CPU {cpuPerCall,5:F0} ms per call; {total:N0} rows){flag}");
    }

    /// <summary>
    /// Once per file: what the generator leaves empty, so every rule and screen has something to find — genders, birth
    /// dates, languages, consents and referrals on the members; items on a quarter of the busiest partner's receipts; a
    /// review on every twentieth; one e-mail per customer of the partner in its message log. Plain set-based SQL.
    /// </summary>
    private static async Task EnrichAsync(string path, Guid partner)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var id = partner.ToString().ToUpperInvariant();
        await using (var probe = connection.CreateCommand())
        {
            probe.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"Messages\" WHERE \"OwnerPartnerId\" = '{id}')";
            if ((long)(await probe.ExecuteScalarAsync())! == 1) return;
        }
        var watch = Stopwatch.StartNew();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        const string guid = "upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12))";
        foreach (var sql in new[]
        {
            """
            UPDATE "Customers" SET "Gender" = rowid % 3, "Language" = CASE rowid % 2 WHEN 0 THEN 'ru' ELSE 'en' END,
                "BirthDate" = date('1950-01-01', '+' || (rowid * 7 % 20000) || ' days'),
                "EmailConsentAt" = CASE WHEN rowid % 5 < 2 THEN "RegisteredAt" END, "SmsConsentAt" = CASE WHEN rowid % 3 = 0 THEN "RegisteredAt" END,
                "ReferrerId" = CASE WHEN rowid % 100 = 1 THEN (SELECT r."Id" FROM "Customers" r WHERE r.rowid = "Customers".rowid - 1) END
            """,
            $"""
            INSERT INTO "PurchaseItems" ("Sku", "Name", "Category", "Quantity", "Price", "PurchaseId")
            SELECT 'SKU-' || (p.rowid % 50), 'Item ' || (p.rowid % 50), CASE p.rowid % 5 WHEN 0 THEN 'Drinks' WHEN 1 THEN 'Bakery' WHEN 2 THEN 'Dairy' WHEN 3 THEN 'Snacks' ELSE 'Household' END,
                '1', p."Amount", p."Id"
            FROM "Purchases" p WHERE p."PartnerId" = '{id}' AND p.rowid % 4 = 0
            """,
            $"""
            INSERT INTO "Reviews" ("Id", "CustomerId", "PartnerId", "StoreId", "PurchaseId", "PurchasedAt", "Cashier", "Rating", "Text", "CreatedAt", "Status")
            SELECT {guid}, x."CustomerId", x."PartnerId", x."StoreId", x."Id", x."OccurredAt", x."Cashier", 1 + x.rowid % 5, 'Benchmark review', x."OccurredAt", 0
            FROM (SELECT hex(randomblob(16)) AS h, p.rowid, p.* FROM "Purchases" p WHERE p."PartnerId" = '{id}' AND p.rowid % 20 = 0) x
            """,
            $"""
            INSERT INTO "Messages" ("Attempts", "Body", "Channel", "CreatedAt", "CustomerId", "IsTest", "IsTransactional", "NextAttemptAt", "OwnerPartnerId",
                "Recipient", "SentAt", "Status", "Subject")
            SELECT 1, 'Our spring offer', 1, datetime('{now}', '-' || (cp.rowid % 90) || ' days'), cp."CustomerId", 0, 0, '{now}', cp."PartnerId",
                'member' || substr(cp."CustomerId", -7) || '@example.com', '{now}', CASE WHEN cp.rowid % 50 = 0 THEN 3 ELSE 1 END, 'Spring offer'
            FROM "CustomerProfiles" cp WHERE cp."PartnerId" = '{id}'
            """,
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  extras (demographics, items, reviews, message log) added in {watch.Elapsed.TotalSeconds:F0} s (not part of the figures)");
    }

    /// <summary>
    /// How far the busiest partner's profiles are from key order, then the Sunday job's step that puts them back (0280): a
    /// file generated before that step (or after years of late first purchases) is measured as the cabinet would see it.
    /// </summary>
    private static async Task RestoreProfileOrderAsync(IServiceProvider services, Guid busiest)
    {
        await using (var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            var scope = (await RestoreProfileOrder.MeasureAsync(db)).Single(s => s.PartnerId == busiest);
            Console.WriteLine($"  the busiest partner's profiles: {scope.Behind:N0} of {scope.Rows:N0} rows out of key order ({scope.BehindShare:P1})");
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var restored = await services.GetRequiredService<RestoreProfileOrder>().HandleAsync();
        Console.WriteLine($"  put back in key order (the Sunday step): {restored.Rows:N0} rows of {restored.Scopes} scope(s) in {restored.Took.TotalSeconds:F1} s " +
            $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
    }
}
