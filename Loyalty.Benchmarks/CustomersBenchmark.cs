using System.Diagnostics;
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

        // The partner with the most customers (the generator's spread is uneven, and a partner without buyers proves nothing).
        Guid busiest;
        await using (var db = services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create())
        {
            var ids = partners.Select(p => p.Partner).ToList();
            busiest = await db.CustomerProfiles.Where(p => ids.Contains(p.PartnerId)).GroupBy(p => p.PartnerId)
                .OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefaultAsync();
            if (busiest == Guid.Empty) busiest = partners[0].Partner;
        }
        var staff = new PartnerStaff(busiest, "bench", [Roles.PartnerMarketer]);
        var list = services.GetRequiredService<ListPartnerCustomers>();
        var first = await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 25));
        // Tag a thousand of the partner's customers so the tag filter has something to find.
        var tagger = services.GetRequiredService<TagCustomer>();
        var tagged = await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 3, 100));
        foreach (var row in tagged.Items) await tagger.HandleAsync(staff, row.Id, "bench-vip", add: true);
        Console.WriteLine($"  the busiest partner has {first.Total:N0} customers of {customers:N0} members");

        var rules = new SegmentRules(RuleCombine.All,
            [new SegmentCondition(SegmentField.Spend365, RuleOperator.AtLeast, "20000"), new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Almaty")]);
        var cases = new (string Name, PartnerCustomerQuery Query)[]
        {
            ("first page (newest first) + total", new(CustomerFilter.None, 0, 25)),
            ("page 100", new(CustomerFilter.None, 99, 25)),
            ("sorted by spend", new(CustomerFilter.None, 0, 25, "Spend", true)),
            ("search: full phone", new(new CustomerFilter(Search: "+77080001234"), 0, 25)),
            ("search: name prefix 'Member12'", new(new CustomerFilter(Search: "Member12"), 0, 25)),
            ("search: phone ending '4567'", new(new CustomerFilter(Search: "4567"), 0, 25)),
            ("tag filter", new(new CustomerFilter(Tag: "bench-vip"), 0, 25)),
            ("rules: spend 12m ≥ 20,000 AND city Almaty", new(new CustomerFilter(Rules: rules), 0, 25)),
        };
        foreach (var (name, query) in cases)
        {
            var times = new List<double>();
            var total = 0;
            // CPU time of this process per call: meaningful even when other work shares the cores and stretches the wall clock.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                total = (await list.HandleAsync(staff, query)).Total;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / runs;
            times.Sort();
            Console.WriteLine($"  {name,-45} median {times[times.Count / 2],7:F0} ms  (min {times[0]:F0}, max {times[^1]:F0}; CPU {cpuPerCall:F0} ms per call; {total:N0} rows match)");
        }

        var export = Stopwatch.StartNew();
        var exported = 0;
        await foreach (var _ in services.GetRequiredService<ExportPartnerCustomers>().HandleAsync(staff, CustomerFilter.None))
            if (++exported == 2_000) break;
        Console.WriteLine($"  export: first {exported:N0} rows in {export.Elapsed.TotalMilliseconds:F0} ms");
        return Program.ExitOk;
    }
}
