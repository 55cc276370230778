using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Settlements;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Loyalty.Core.Purchases;
using Loyalty.Core.Segments;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Data.Demo;

/// <summary>
/// A believable demo coalition for Development: an operator, merchants across business areas, a manufacturer,
/// stores, a few hundred members with 18 months of purchases. Deterministic (fixed seed) and idempotent:
/// it does nothing when partners already exist.
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<LoyaltyDbContext> factory,
    UserManager<AppUser> users,
    TimeProvider clock,
    ILogger<DemoSeeder> logger,
    Loyalty.Core.Contests.ISeedProtector seeds)
{
    public const string Password = "Demo123!";
    public const string OperatorEmail = "operator@demo.local";
    /// <summary>Operator staff without the administrator role (0171): shows the difference on the settings screen.</summary>
    public const string OperatorDeskEmail = "desk@demo.local";
    public const string PartnerEmail = "partner@demo.local";
    public const string CashierEmail = "cashier@demo.local";
    public const string CustomerPhone = "+77010000001";
    public const string PosKey = "demo-pos-key-0001";
    public const int CustomerCount = 300;

    private static readonly string[] WomensNames = ["Aigerim", "Dana", "Aruzhan", "Madina", "Aliya", "Saule", "Asel", "Zarina", "Kamila", "Elena", "Olga", "Anna"];
    private static readonly string[] MensNames = ["Nurlan", "Yerlan", "Daniyar", "Arman", "Timur", "Askar", "Sergey", "Dmitry", "Ivan", "Marat", "Ruslan", "Azamat"];
    /// <summary>Men's forms; a woman's adds "a" to those ending in -ov (Kim and Li are the same for both).</summary>
    private static readonly string[] LastNames = ["Abenov", "Serikov", "Nurlanov", "Ivanov", "Kim", "Tulegenov", "Bekov", "Akhmetov", "Petrov", "Omarov", "Li", "Sadykov"];

    /// <summary>A name that goes with the gender drawn, from one draw of each (the rest of the demo keeps its sequence).</summary>
    private static (string First, string Last) NameFor(bool female, int firstDraw, int lastDraw)
    {
        var first = (female ? WomensNames : MensNames)[firstDraw % WomensNames.Length];
        var last = LastNames[lastDraw];
        return (first, female && last.EndsWith("ov", StringComparison.Ordinal) ? last + "a" : last);
    }
    private static readonly string[] Cities = ["Almaty", "Astana", "Shymkent"];

    private sealed record PartnerSeed(string Name, string Slug, BusinessArea Area, string City, long MinTicket, long MaxTicket, string[] Categories, int EarnBp, int CapBp, bool UsesTiers = false);

    private static readonly PartnerSeed[] PartnerSeeds =
    [
        new("Magnum Fresh", "magnum-fresh", BusinessArea.FoodRetail, "Almaty", 2_500_00, 45_000_00, ["Dairy", "Bakery", "Produce", "Drinks"], 300, 2000),
        new("QazFuel", "qazfuel", BusinessArea.Fuel, "Astana", 8_000_00, 30_000_00, ["Fuel", "Car care", "Snacks"], 200, 1000),
        new("Dala Pharm", "dala-pharm", BusinessArea.Pharmacy, "Almaty", 1_500_00, 20_000_00, ["Medicines", "Vitamins", "Cosmetics"], 500, 1500),
        new("TechnoPark", "technopark", BusinessArea.Electronics, "Almaty", 15_000_00, 450_000_00, ["Phones", "Accessories", "Appliances"], 300, 1000),
        new("Stylo", "stylo", BusinessArea.Outfit, "Astana", 9_000_00, 120_000_00, ["Women", "Men", "Shoes"], 700, 2000),
        new("Kofe Tochka", "kofe-tochka", BusinessArea.Cafe, "Almaty", 1_200_00, 9_000_00, ["Coffee", "Desserts", "Breakfast"], 500, 2000, UsesTiers: true),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        if (await db.Partners.AnyAsync(ct)) return;

        var now = clock.GetUtcNow().UtcDateTime;
        var random = new Random(20261123);
        var start = now.AddMonths(-18);

        var merchants = new List<(Partner Partner, PartnerSeed Seed, List<Store> Stores)>();
        db.ProgramSettings.Add(new ProgramSettings());
        db.Tiers.AddRange(
            new Tier("Bronze", 1, 0, 500, 700),
            new Tier("Silver", 2, 200_000_00, 700, 1000),
            new Tier("Gold", 3, 500_000_00, 1000, 1200),
            new Tier("Platinum", 4, 1_500_000_00, 1500, 1500),
            new Tier("Diamond", 5, 3_000_000_00, 2000, 2000));

        foreach (var seed in PartnerSeeds)
        {
            var partner = NewActivePartner(seed.Name, seed.Slug, seed.Area, seed.City, start);
            partner.SetRewards(seed.EarnBp, seed.CapBp, seed.UsesTiers);
            partner.SetContract(100, seed.Area.Id == BusinessArea.Electronics.Id ? 100 : 150);
            var stores = Cities.Take(seed.Area.Id == BusinessArea.Electronics.Id ? 2 : 3)
                .Select((city, i) => new Store(partner.Id, $"{seed.Name} {city}{(i == 0 ? " Central" : "")}", city, $"{10 + i * 7} Abay Ave, {city}", "Asia/Almaty")
                {
                    OpeningHours = seed.Area.Id == BusinessArea.Fuel.Id ? "24/7" : "09:00–22:00",
                })
                .ToList();
            db.Partners.Add(partner);
            db.Stores.AddRange(stores);
            merchants.Add((partner, seed, stores));
        }

        var manufacturer = NewActivePartner("Altyn Dairy", "altyn-dairy", BusinessArea.Manufacturer, "Almaty", start);
        db.Partners.Add(manufacturer);
        db.Partners.Add(new Partner("Shyraq Books", "shyraq-books", BusinessArea.Other, "KZ", "KZT", "Asia/Almaty", now.AddDays(-2))
        {
            City = "Almaty", LegalName = "Shyraq Books LLP", TaxId = "190440012345", ContactName = "Aliya Serikova", ContactEmail = "owner@shyraq.example",
            ContactPhone = "+77017770011", Website = "https://shyraq.example", Description = "Bookstore chain, 4 stores",
        });

        var customers = new List<Customer>();
        for (var i = 1; i <= CustomerCount; i++)
        {
            PhoneNumber.TryParse($"+7701{i:D7}", "KZ", out var phone);
            var registered = i == 1 ? start.AddDays(3) : start.AddMinutes(random.Next(0, (int)(now - start).TotalMinutes - 60 * 24 * 7));
            var female = random.Next(2) == 0 || i == 1;
            var firstDraw = i == 1 ? 0 : random.Next(WomensNames.Length + MensNames.Length); // the demo member is Aigerim
            var lastDraw = random.Next(LastNames.Length);
            var (first, last) = NameFor(female, firstDraw, lastDraw);
            var customer = new Customer(phone!, i == 1 ? "Aigerim" : first, last, registered, "demo")
            {
                City = Cities[random.Next(Cities.Length)],
                Gender = female ? Gender.Female : Gender.Male,
                BirthDate = new DateOnly(1960 + random.Next(45), 1 + random.Next(12), 1 + random.Next(28)),
                Language = random.Next(3) == 0 ? "ru" : "en",
            };
            if (random.Next(3) > 0) customer.SetSmsConsent(true, registered);
            if (random.Next(2) > 0)
            {
                customer.Email = $"member{i}@mail.example";
                customer.SetEmailConsent(true, registered);
            }
            customers.Add(customer);
        }
        db.Customers.AddRange(customers);

        var cards = customers.Where((_, i) => i % 2 == 0).Select((c, i) =>
        {
            var card = new Card(CardNumber.Complete($"642000{i + 1:D9}"), start);
            card.LinkTo(c.Id, c.RegisteredAt);
            return card;
        });
        db.Cards.AddRange(cards);

        var purchases = new List<Purchase>();
        var receipt = 100_000;
        foreach (var customer in customers)
        {
            var isDemo = customer.Phone == CustomerPhone;
            var count = isDemo ? 48 : random.Next(0, 26);
            var favourite = merchants[random.Next(merchants.Count)];
            for (var n = 0; n < count; n++)
            {
                // Most visits go to a favourite partner; the demo member shops everywhere.
                var (partner, seed, stores) = isDemo ? merchants[n % merchants.Count] : random.Next(3) == 0 ? merchants[random.Next(merchants.Count)] : favourite;
                var at = customer.RegisteredAt.AddMinutes(random.NextDouble() * (now - customer.RegisteredAt).TotalMinutes);
                var amount = (seed.MinTicket + (long)(random.NextDouble() * (seed.MaxTicket - seed.MinTicket))) / 100 * 100;
                var category = seed.Categories[random.Next(seed.Categories.Length)];
                var items = new[] { new PurchaseItem($"{seed.Slug.ToUpperInvariant()[..3]}-{random.Next(1000, 9999)}", $"{category} item", category, 1, amount) };
                purchases.Add(new Purchase(partner.Id, stores[random.Next(stores.Count)].Id, null, customer.Id, $"R{receipt++}", amount, "KZT", at, items));
            }
        }
        db.Purchases.AddRange(purchases);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await PostHistoryAsync(db, merchants.Select(m => m.Partner).Append(manufacturer).ToList(), customers, purchases, random, ct);
        var (terminal, _) = PosTerminal.Create(merchants[0].Partner.Id, merchants[0].Stores[0].Id, "Till 1", now, PosKey);
        db.PosTerminals.Add(terminal);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await new RecalculateTiers(new LoyaltyDbFactory<LoyaltyDbContext>(factory), clock).HandleAsync(ct);
        // Twelve weeks of segment history as the nightly job would have left it, so the RFM trend and moves show at once.
        for (var weeksAgo = 12; weeksAgo >= 0; weeksAgo--)
            await new RecalculateSegments(new LoyaltyDbFactory<LoyaltyDbContext>(factory), new FixedClock(now.AddDays(-7 * weeksAgo))).HandleAsync(ct: ct);

        var foodRetail = merchants[0].Partner;
        await CreateStaffAsync(OperatorEmail, "Olga (operator)", Roles.OperatorAdmin, null);
        await CreateStaffAsync(OperatorDeskEmail, "Dina (operator desk)", Roles.OperatorStaff, null);
        await CreateStaffAsync(PartnerEmail, "Madina (Magnum Fresh)", Roles.PartnerAdmin, foodRetail.Id);
        await CreateStaffAsync(CashierEmail, "Timur (cashier)", Roles.PartnerCashier, foodRetail.Id);
        await CreateStaffAsync("maker@demo.local", "Arman (Altyn Dairy)", Roles.PartnerAdmin, manufacturer.Id);
        await SeedPromoCodesAsync(db, manufacturer, now, ct);
        await SeedSettlementsAsync(now, ct);
        await SeedContestsAsync(foodRetail.Id, now, ct);
        await SeedCampaignsAsync(db, foodRetail, now, ct);
        await SeedPortalAsync(db, now, ct);
        await SeedConsoleDeskAsync(db, foodRetail, now, ct);
        await SeedCountriesAsync(db, ct);
        await SeedBusinessAreasAsync(db, ct);
        await SeedReferralsAsync(db, ct);
        await SeedStaffAsync(db, foodRetail, now, ct);
        await SeedCabinetAsync(db, foodRetail, now, ct);

        logger.LogInformation("Demo coalition seeded: {Partners} partners, {Customers} members, {Purchases} purchases",
            PartnerSeeds.Length + 2, customers.Count, purchases.Count);
    }

    /// <summary>
    /// Kazakhstan's mobile operators by prefix, Altyn Dairy's products, one approved application (its 500 codes are generated
    /// by the background job after start) and one waiting for the operator.
    /// </summary>
    private static async Task SeedPromoCodesAsync(LoyaltyDbContext db, Partner manufacturer, DateTime now, CancellationToken ct)
    {
        db.MobileOperators.AddRange(
            new MobileOperator("KZ", "Kcell", "kz-kcell", "+7701,+7702,+7775,+7778"),
            new MobileOperator("KZ", "Beeline", "kz-beeline", "+7705,+7771,+7776,+7777"),
            new MobileOperator("KZ", "Tele2", "kz-tele2", "+7707,+7747"),
            new MobileOperator("KZ", "Altel", "kz-altel", "+7700,+7708"));
        var milk = new Product(manufacturer.Id, "AD-MILK-1L", "Milk 3.2% 1 l", "Altyn Dairy", 1, null, now);
        var kefir = new Product(manufacturer.Id, "AD-KEFIR-05", "Kefir 2.5% 0.5 l", "Altyn Dairy", 2, null, now);
        var cheese = new Product(manufacturer.Id, "AD-CHEESE-200", "Cheese Rossiysky 200 g", "Altyn Dairy", 6, null, now);
        db.Products.AddRange(milk, kefir, cheese);
        var approved = new CodeApplication(manufacturer.Id, milk.Id, 500, "Sample print run for the autumn promotion", "maker@demo.local", now.AddDays(-2));
        approved.Approve(OperatorEmail, now.AddDays(-1));
        db.CodeApplications.Add(approved);
        db.CodeApplications.Add(new CodeApplication(manufacturer.Id, cheese.Id, 1_000_000, "Winter campaign, 200 g pack", "maker@demo.local", now.AddHours(-3)));
        await db.SaveChangesAsync(ct);
        db.CodeBatches.Add(new CodeBatch(1, manufacturer.Id, milk.Id, approved.Id, approved.Quantity, 1_000_000, now.AddDays(-1)));
        await db.SaveChangesAsync(ct);
    }

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }

    /// <summary>The last six months closed: the older ones paid, the previous month confirmed, the last one a draft.</summary>
    private async Task SeedSettlementsAsync(DateTime now, CancellationToken ct)
    {
        var dbs = new LoyaltyDbFactory<LoyaltyDbContext>(factory);
        var close = new CloseSettlementPeriod(dbs, clock);
        var change = new ChangeSettlementStatus(dbs, clock);
        var period = SettlementPeriod.LastFinished(now);
        var months = Enumerable.Range(0, 6).Select(i => SettlementPeriod.Of(period.Start.AddMonths(-i))).Reverse().ToList();
        foreach (var month in months) await close.HandleAsync(month, "system", ct);
        await using var db = factory.CreateDbContext();
        var settlements = await db.Settlements.AsNoTracking().Select(s => new { s.Id, s.PeriodStart }).ToListAsync(ct);
        foreach (var s in settlements.Where(s => s.PeriodStart < period.Start))
        {
            await change.ConfirmAsync(s.Id, OperatorEmail, ct);
            if (s.PeriodStart < period.Previous.Start) await change.MarkPaidAsync(s.Id, $"PP-{s.PeriodStart:yyyyMM}-{s.Id.ToString()[..4]}", OperatorEmail, ct);
        }
    }

    /// <summary>Earns (and now and then redeems) every purchase through the ledger, in time order, so balances and lots are real.</summary>
    private static async Task PostHistoryAsync(LoyaltyDbContext db, List<Partner> partners, List<Customer> customers, List<Purchase> purchases, Random random, CancellationToken ct)
    {
        // All accounts in one SaveChanges: thousands of tracked purchases make every extra SaveChanges expensive.
        var mains = customers.ToDictionary(c => c.Id, c => LedgerAccount.ForCustomer(c.Id, AccountKind.CustomerMain));
        var issuance = partners.ToDictionary(p => p.Id, p => LedgerAccount.ForPartner(p.Id, AccountKind.PartnerIssuance));
        var redemption = partners.ToDictionary(p => p.Id, p => LedgerAccount.ForPartner(p.Id, AccountKind.PartnerRedemption));
        db.LedgerAccounts.AddRange(mains.Values);
        db.LedgerAccounts.AddRange(customers.Select(c => LedgerAccount.ForCustomer(c.Id, AccountKind.CustomerPromo)));
        db.LedgerAccounts.AddRange(issuance.Values);
        db.LedgerAccounts.AddRange(redemption.Values);
        await db.SaveChangesAsync(ct);

        var batch = new LedgerBatch(db);
        var byId = partners.ToDictionary(p => p.Id);
        foreach (var purchase in purchases.OrderBy(p => p.OccurredAt))
        {
            var partner = byId[purchase.PartnerId];
            var main = mains[purchase.CustomerId];
            var rates = new RewardRates(partner.EarnRateBp, partner.RedemptionCapBp, new Dictionary<string, int>());
            long redeem = 0;
            if (random.Next(5) == 0)
            {
                redeem = Math.Min(batch.BalanceChange(main.Id), RewardRules.MaxRedeemable(purchase.Amount, purchase.Currency, rates)) / 100 * 100;
                if (redeem > 0)
                {
                    batch.Post(purchase.OccurredAt, Reasons.PurchaseRedeem, $"Paid with points at {partner.Name}",
                        [new Leg(main, -redeem), new Leg(redemption[partner.Id], redeem)], purchase.CustomerId, partner.Id, purchase.Id);
                    purchase.RedeemedPoints = redeem;
                }
            }
            var earned = RewardRules.Earned(purchase.Amount, purchase.Amount - RewardRules.RedeemedValueMinor(redeem, purchase.Currency), purchase.Currency, rates, null);
            if (earned <= 0) continue;
            batch.Post(purchase.OccurredAt, Reasons.PurchaseEarn, $"Points for a purchase at {partner.Name}",
                [new Leg(issuance[partner.Id], -earned), new Leg(main, earned)], purchase.CustomerId, partner.Id, purchase.Id,
                purchase.OccurredAt.AddMonths(24));
            purchase.EarnedPoints = earned;
        }
        await batch.FlushAsync(ct);
    }

    private static Partner NewActivePartner(string name, string slug, BusinessArea area, string city, DateTime at)
    {
        var partner = new Partner(name, slug, area, "KZ", "KZT", "Asia/Almaty", at)
        {
            City = city,
            LegalName = name + " LLP",
            ContactEmail = $"hello@{slug}.example",
            Description = $"{name} — member of the OneCard coalition.",
        };
        partner.Approve();
        partner.Activate(at);
        return partner;
    }

    private async Task CreateStaffAsync(string email, string name, string role, Guid? partnerId)
    {
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            PartnerId = partnerId,
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
    }
}
