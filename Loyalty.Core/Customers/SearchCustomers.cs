using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record CustomerRow(Guid Id, string Name, string Phone, string? City, DateTime RegisteredAt, CustomerStatus Status, long Balance);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

public sealed record CustomerQuery(string? Search, int Page, int PageSize, string? SortBy = null, bool Descending = false, string? City = null,
    CustomerStatus? Status = null, CustomerSegmentation? Segmentation = null);

/// <summary>
/// All members for the operator, paged and filtered in the database. The search matches a phone (any format), a card
/// number, or the start of a first or last name; the city and status filters combine with it. Built for a million members
/// (0094): every filter is an index seek and the default order (newest first) walks the RegisteredAt index.
/// </summary>
public sealed class SearchCustomers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPageSize = 100;

    /// <summary>Above this many name matches the page walks the newest-first index instead of sorting the matches.</summary>
    private const int WalkThreshold = 2_000;

    public async Task<Page<CustomerRow>> HandleAsync(CustomerQuery query, string defaultRegion, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var customers = db.Customers.AsNoTracking();
        var search = query.Search?.Trim();
        string? nameRange = null;
        if (!string.IsNullOrEmpty(search))
        {
            if (PhoneNumber.TryParse(search, defaultRegion, out var phone))
                customers = customers.Where(c => c.Phone == phone!.Value);
            else if (CardNumber.IsValid(search))
            {
                var number = CardNumber.Normalize(search);
                customers = customers.Where(c => db.Cards.Any(k => k.CustomerId == c.Id && k.Number == number));
            }
            else if (search.All(ch => char.IsDigit(ch) || ch == '+'))
                customers = customers.Where(c => c.Phone.Contains(search));
            else if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
                nameRange = search;
            else
                customers = customers.Where(c => c.FirstName.StartsWith(search) || (c.LastName != null && c.LastName.StartsWith(search)));
        }
        if (!string.IsNullOrWhiteSpace(query.City))
        {
            var city = query.City.Trim();
            var capitalised = char.ToUpperInvariant(city[0]) + city[1..];
            // One equality keeps the (City, RegisteredAt) index's order; an OR of two would need a sort.
            customers = city == capitalised ? customers.Where(c => c.City == city) : customers.Where(c => c.City == city || c.City == capitalised);
        }
        if (query.Status is { } status) customers = customers.Where(c => c.Status == status);
        // Segmentation (0141): separate optional predicates, each its own clause.
        var now = clock.GetUtcNow().UtcDateTime;
        if (query.Segmentation is { IsEmpty: false } segmentation) customers = segmentation.Apply(customers, db, now);

        var counted = customers;
        if (nameRange is not null)
        {
            // SQLite's LIKE cannot use a BINARY index; a half-open range can. Names are matched as typed and capitalised.
            var (low, high) = PrefixRange(nameRange);
            var (capLow, capHigh) = PrefixRange(char.ToUpperInvariant(nameRange[0]) + nameRange[1..]);
            counted = customers.Where(c => (string.Compare(c.FirstName, low) >= 0 && string.Compare(c.FirstName, high) < 0)
                || (string.Compare(c.FirstName, capLow) >= 0 && string.Compare(c.FirstName, capHigh) < 0)
                || (string.Compare(c.LastName, low) >= 0 && string.Compare(c.LastName, high) < 0)
                || (string.Compare(c.LastName, capLow) >= 0 && string.Compare(c.LastName, capHigh) < 0));
        }
        if (nameRange is not null && !string.IsNullOrWhiteSpace(query.City))
        {
            // City + name prefix: one seek per (City, FirstName) / (City, LastName) range, united by id. Written as one OR,
            // SQLite's planner walked the whole city instead (863 ms on a million members, 0096).
            IQueryable<Guid>? ids = null;
            foreach (var variant in new[] { nameRange, char.ToUpperInvariant(nameRange[0]) + nameRange[1..] }.Distinct())
            {
                var (low, high) = PrefixRange(variant);
                var byFirst = customers.Where(c => string.Compare(c.FirstName, low) >= 0 && string.Compare(c.FirstName, high) < 0).Select(c => c.Id);
                var byLast = customers.Where(c => string.Compare(c.LastName, low) >= 0 && string.Compare(c.LastName, high) < 0).Select(c => c.Id);
                ids = ids is null ? byFirst.Union(byLast) : ids.Union(byFirst).Union(byLast);
            }
            counted = customers.Where(c => ids!.Contains(c.Id));
            var matches = await ids!.CountAsync(ct);
            return await PageAsync(db, customers, counted, matches, nameRange, query, ct);
        }
        // Activity filters alone (lapsed, spend, RFM, recent buyers): the total is a range count on the profiles' index, one
        // row per member, instead of a probe per member (0.86 s → ~20 ms CPU for 527k lapsed members, decision 0183).
        var total = string.IsNullOrEmpty(search) && string.IsNullOrWhiteSpace(query.City) && query.Status is null
            && query.Segmentation is { IsEmpty: false, IsActivityOnly: true } activity
            ? await activity.MatchingProfiles(db, now).CountAsync(ct)
            : await counted.CountAsync(ct);
        return await PageAsync(db, customers, counted, total, nameRange, query, ct);
    }

    /// <summary>The page of the matches: <paramref name="customers"/> before the name test, <paramref name="counted"/> with it.</summary>
    private async Task<Page<CustomerRow>> PageAsync(ILoyaltyDb db, IQueryable<Customer> customers, IQueryable<Customer> counted, int total, string? nameRange,
        CustomerQuery query, CancellationToken ct)
    {
        if (nameRange is not null && total > WalkThreshold && query.SortBy is null or "RegisteredAt")
        {
            // A common prefix (tens of thousands of members): sorting every match newest-first means reading each row.
            // The same test on an expression (`|| ''`) hides the name indexes, so SQLite walks the RegisteredAt index and
            // stops after one page — a few hundred rows per page instead of every match (0094).
            var (low, high) = PrefixRange(nameRange);
            var (capLow, capHigh) = PrefixRange(char.ToUpperInvariant(nameRange[0]) + nameRange[1..]);
            customers = customers.Where(c => (string.Compare(c.FirstName + "", low) >= 0 && string.Compare(c.FirstName + "", high) < 0)
                || (string.Compare(c.FirstName + "", capLow) >= 0 && string.Compare(c.FirstName + "", capHigh) < 0)
                || (string.Compare(c.LastName + "", low) >= 0 && string.Compare(c.LastName + "", high) < 0)
                || (string.Compare(c.LastName + "", capLow) >= 0 && string.Compare(c.LastName + "", capHigh) < 0));
        }
        else
            customers = counted;

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        if (query.SortBy == "Balance")
            return new Page<CustomerRow>(total == 0 ? [] : await ByBalanceAsync(db, customers, total, query.Descending, Math.Max(query.Page, 0) * size, size, ct), total);

        var rows = customers.Select(c => new
        {
            c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status,
            Balance = db.LedgerAccounts.Where(a => a.CustomerId == c.Id && a.Kind == AccountKind.CustomerMain).Select(a => a.Balance).FirstOrDefault(),
        });
        rows = (query.SortBy, query.Descending) switch
        {
            // First name only: the FirstName index then yields a page without sorting a million rows (0094).
            ("Name", false) => rows.OrderBy(r => r.FirstName),
            ("Name", true) => rows.OrderByDescending(r => r.FirstName),
            ("RegisteredAt", false) => rows.OrderBy(r => r.RegisteredAt),
            _ => rows.OrderByDescending(r => r.RegisteredAt),
        };
        var items = await rows.Skip(Math.Max(query.Page, 0) * size).Take(size).ToListAsync(ct);
        return new Page<CustomerRow>(
            items.Select(r => new CustomerRow(r.Id, string.IsNullOrEmpty(r.LastName) ? r.FirstName : $"{r.FirstName} {r.LastName}", r.Phone, r.City, r.RegisteredAt, r.Status, r.Balance)).ToList(),
            total);
    }

    /// <summary>Above this many balance-index entries read for a page, the matches are sorted instead (a narrow filter).</summary>
    internal long BalanceWalkLimit { get; init; } = 50_000;

    /// <summary>
    /// A page of the members in balance order (decision 0200). When the filters keep a fair share of the members, the main
    /// accounts' balance index is walked and each account's member tested against the filters (an EXISTS, so SQLite keeps
    /// the walk outside: as a join it started from a city's index and sorted 94,000 members), stopping after one page; a
    /// narrow filter (a phone, blocked members) is read through its own index and sorted. Ties go by account, newest first
    /// when descending. A member with no main account yet (created by an import, say) has nothing: such members come with
    /// the zero balances — last when descending, first when ascending — newest first. Two counts tell whether there are
    /// any; only then are they looked for, which costs a probe per member.
    /// </summary>
    private async Task<List<CustomerRow>> ByBalanceAsync(ILoyaltyDb db, IQueryable<Customer> customers, int total, bool descending, int skip, int size,
        CancellationToken ct)
    {
        var members = await db.Customers.CountAsync(ct);
        var accounts = db.LedgerAccounts.Where(a => a.Kind == AccountKind.CustomerMain);
        static CustomerRow Row(Guid id, string first, string? last, string phone, string? city, DateTime registeredAt, CustomerStatus status, long balance) =>
            new(id, string.IsNullOrEmpty(last) ? first : $"{first} {last}", phone, city, registeredAt, status, balance);

        var held = from a in accounts
                   join c in customers on a.CustomerId equals c.Id
                   select new { AccountId = a.Id, a.Balance, c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status };
        async Task<List<CustomerRow>> HeldAsync(int from, int take)
        {
            // Entries read ≈ the rows up to the page's end × members / matches.
            if ((long)(from + take) * members > BalanceWalkLimit * total)
            {
                var sorted = descending ? held.OrderByDescending(r => r.Balance).ThenByDescending(r => r.AccountId) : held.OrderBy(r => r.Balance).ThenBy(r => r.AccountId);
                return (await sorted.Skip(from).Take(take).ToListAsync(ct)).Select(r => Row(r.Id, r.FirstName, r.LastName, r.Phone, r.City, r.RegisteredAt, r.Status, r.Balance)).ToList();
            }
            var walked = accounts.Where(a => customers.Any(c => c.Id == a.CustomerId));
            walked = descending ? walked.OrderByDescending(a => a.Balance).ThenByDescending(a => a.Id) : walked.OrderBy(a => a.Balance).ThenBy(a => a.Id);
            var page = await walked.Skip(from).Take(take).Select(a => new { a.CustomerId, a.Balance }).ToListAsync(ct);
            var ids = page.Select(p => p.CustomerId).ToList();
            var found = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status }).ToDictionaryAsync(c => c.Id, ct);
            return page.Select(p => found[p.CustomerId!.Value]).Zip(page, (c, p) => Row(c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status, p.Balance)).ToList();
        }

        // Every member has a main account unless there are fewer accounts than members (members are never deleted).
        if (await accounts.CountAsync(ct) >= members) return await HeldAsync(skip, size);

        var without = customers.Where(c => !db.LedgerAccounts.Any(a => a.CustomerId == c.Id && a.Kind == AccountKind.CustomerMain))
            .OrderByDescending(c => c.RegisteredAt).ThenByDescending(c => c.Id);
        async Task<List<CustomerRow>> WithoutAsync(int from, int take) =>
            (await without.Skip(from).Take(take).Select(c => new { c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status }).ToListAsync(ct))
            .Select(c => Row(c.Id, c.FirstName, c.LastName, c.Phone, c.City, c.RegisteredAt, c.Status, 0)).ToList();

        // The page may straddle the two parts; the first part is counted only when the page starts past its end.
        var first = descending ? await HeldAsync(skip, size) : await WithoutAsync(skip, size);
        if (first.Count == size) return first;
        var before = first.Count > 0 ? skip + first.Count : descending ? await held.CountAsync(ct) : await without.CountAsync(ct);
        var rest = descending ? await WithoutAsync(Math.Max(0, skip - before), size - first.Count) : await HeldAsync(Math.Max(0, skip - before), size - first.Count);
        return [.. first, .. rest];
    }

    /// <summary>Every string starting with the prefix is in [low, high): the last character incremented bounds it.</summary>
    private static (string Low, string High) PrefixRange(string prefix) => (prefix, prefix[..^1] + (char)(prefix[^1] + 1));
}
