using System.Collections.Concurrent;
using System.Text;
using CsCheck;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Loyalty.Core.Purchases;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Loyalty.Tests.Points;

/// <summary>
/// Property-based tests of the points ledger (DESIGN.md §4): random sequences of purchases, redemptions, refunds,
/// manual adjustments, clock jumps with the expiry job, and idempotent replays, run against the REAL use cases on a
/// real migrated SQLite file, next to an exact in-memory model. After every step the ledger is reconciled and every
/// member's balance, lots (oldest-expiry-first consumption), debts and every purchase's refund totals must equal
/// the model; a refused operation must change nothing at all.
/// </summary>
/// <remarks>
/// <para><b>Replaying a failure.</b> When a property fails, CsCheck's message starts with
/// <c>Set seed: "XXXXXXXXXXXX" or -e CsCheck_Seed=XXXXXXXXXXXX to reproduce</c>, followed by the smallest failing
/// sequence it found; the inner exception names the failing step and lists what every step did (amounts, balances).
/// Each property has its own generator, so replay the seed with the property that printed it, either way:</para>
/// <list type="bullet">
/// <item>paste the seed into <see cref="ReplaySeed"/> below (that sequence then runs first and alone), or</item>
/// <item>leave the code alone and run
/// <c>CsCheck_Seed=XXXXXXXXXXXX dotnet test Loyalty.Tests --filter "FullyQualifiedName~LedgerPropertyTests.&lt;TestName&gt;"</c>
/// (the seeded sequence runs first, then the usual random ones).</item>
/// </list>
/// <para>A sequence is a pure function of the seed (keys, receipt numbers and ids never change an outcome), so a replay
/// takes the same path. CsCheck shrinks by trying further random sequences; for a shorter counterexample raise
/// <see cref="Sequences"/> for that run.</para>
/// </remarks>
public sealed class LedgerPropertyTests(ITestOutputHelper output)
{
    /// <summary>Null for random runs; a seed from a failure message to replay it (see the class remarks).</summary>
    private static readonly string? ReplaySeed = null;

    /// <summary>Random sequences per property: each builds a fresh database and runs 15–30 steps.</summary>
    private const int Sequences = 25;

    private const string Currency = "KZT";
    private const long WelcomeBonus = 5_000_00;
    private const int WelcomeValidityDays = 90;
    private const int ExpiryMonths = 24;
    private const int EarnRateBp = 500;
    private const int CapBp = 2000;
    private static readonly RewardRates Rates = new(EarnRateBp, CapBp, new Dictionary<string, int>());

    // ───────────────────────────── the operations ─────────────────────────────
    // Operations are abstract: indexes and per-mille fractions resolved against the state when the step runs, so any
    // sequence (and any shrunk sequence) is meaningful.

    public abstract record Op;

    /// <summary>A purchase paid in money only.</summary>
    public sealed record Earn(int Customer, long AmountMinor) : Op;

    /// <summary>A purchase paying part with points: per mille of min(cap, balance); above 1000 it exceeds one of them and must be refused.</summary>
    public sealed record Redeem(int Customer, long AmountMinor, int Permille) : Op;

    /// <summary>Refunds a per-mille share of what is left of an earlier purchase (1 minor unit at least).</summary>
    public sealed record PartialRefund(int Purchase, int Permille) : Op;

    /// <summary>Refunds all that is left of an earlier purchase; nothing left means it must be refused.</summary>
    public sealed record FullRefund(int Purchase) : Op;

    /// <summary>Refunds more than is left of an earlier purchase: must be refused.</summary>
    public sealed record ExcessRefund(int Purchase, long ExtraMinor) : Op;

    public sealed record AdjustUp(int Customer, long Points) : Op;

    /// <summary>A negative adjustment of a per-mille share of the balance; above 1000 it exceeds the balance and must be refused.</summary>
    public sealed record AdjustDown(int Customer, int Permille) : Op;

    /// <summary>Moves the clock (whole days plus some ticks, often none, so lots also expire exactly at "now") and runs the
    /// expiry job, optionally a second time (which must expire nothing).</summary>
    public sealed record AdvanceDays(int Days, long ExtraTicks, bool RunTwice) : Op;

    public sealed record AdvanceMonths(int Months, bool RunTwice) : Op;

    /// <summary>Sends an earlier purchase again with the same Idempotency-Key and body.</summary>
    public sealed record ReplayPurchase(int Purchase) : Op;

    /// <summary>Sends an earlier refund again with the same Idempotency-Key and body.</summary>
    public sealed record ReplayRefund(int Refund) : Op;

    /// <summary>Reuses an earlier purchase's Idempotency-Key with another body: must be refused.</summary>
    public sealed record ReuseKeyOtherBody(int Purchase) : Op;

    /// <summary>A new key with an earlier purchase's receipt number: must be refused.</summary>
    public sealed record DuplicateReceipt(int Purchase) : Op;

    public sealed record Scenario(int Customers, IReadOnlyList<Op> Ops)
    {
        public override string ToString()
        {
            var text = new StringBuilder($"{Customers} customers, {Ops.Count} steps:");
            for (var i = 0; i < Ops.Count; i++) text.Append($"\n  {i,2}: {Ops[i]}");
            return text.ToString();
        }
    }

    private static readonly Gen<int> GenCustomer = Gen.Int[0, 2];
    private static readonly Gen<int> GenPick = Gen.Int[0, 1000];

    /// <summary>Mostly 100 – 200,000 KZT; sometimes under 1 KZT, which earns nothing.</summary>
    private static readonly Gen<long> GenAmount = Gen.Frequency(
        (1, Gen.Long[1, 99]),
        (2, Gen.Long[100_00, 5_000_00]),
        (5, Gen.Long[5_000_00, 200_000_00]));

    private static readonly Gen<int> GenRedeemPermille = Gen.Frequency(
        (4, Gen.Int[1, 999]),
        (2, Gen.Const(1000)),
        (2, Gen.Int[1001, 1500]));

    private static readonly Gen<int> GenDrainPermille = Gen.Frequency(
        (3, Gen.Int[1, 999]),
        (2, Gen.Const(1000)),
        (2, Gen.Int[1001, 1500]));

    private static readonly Gen<long> GenExtraTicks = Gen.Frequency(
        (2, Gen.Const(0L)),
        (1, Gen.Long[1, TimeSpan.TicksPerDay - 1]));

    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (6, Gen.Select(GenCustomer, GenAmount, (c, a) => (Op)new Earn(c, a))),
        (5, Gen.Select(GenCustomer, GenAmount, GenRedeemPermille, (c, a, p) => (Op)new Redeem(c, a, p))),
        (4, Gen.Select(GenPick, Gen.Int[1, 999], (k, p) => (Op)new PartialRefund(k, p))),
        (2, GenPick.Select(k => (Op)new FullRefund(k))),
        (1, Gen.Select(GenPick, Gen.Long[1, 100_00], (k, e) => (Op)new ExcessRefund(k, e))),
        (2, Gen.Select(GenCustomer, Gen.Long[1, 20_000_00], (c, p) => (Op)new AdjustUp(c, p))),
        (3, Gen.Select(GenCustomer, GenDrainPermille, (c, p) => (Op)new AdjustDown(c, p))),
        (2, Gen.Select(Gen.Int[1, 120], GenExtraTicks, Gen.Bool, (d, x, t) => (Op)new AdvanceDays(d, x, t))),
        (1, Gen.Select(Gen.Int[1, 30], Gen.Bool, (m, t) => (Op)new AdvanceMonths(m, t))),
        (1, GenPick.Select(k => (Op)new ReplayPurchase(k))),
        (1, GenPick.Select(k => (Op)new ReplayRefund(k))),
        (1, GenPick.Select(k => (Op)new ReuseKeyOtherBody(k))),
        (1, GenPick.Select(k => (Op)new DuplicateReceipt(k))));

    private static readonly Gen<Scenario> GenScenario =
        Gen.Select(Gen.Int[2, 3], GenOp.List[15, 30], (n, ops) => new Scenario(n, ops));

    /// <summary>Refund-heavy: earn, spend it all, then refund — the path that creates and settles debts.</summary>
    private static readonly Gen<Op> GenDebtOp = Gen.Frequency(
        (5, Gen.Select(GenCustomer, Gen.Long[50_000_00, 500_000_00], (c, a) => (Op)new Earn(c, a))),
        (3, Gen.Select(GenCustomer, GenAmount, GenRedeemPermille, (c, a, p) => (Op)new Redeem(c, a, p))),
        (4, Gen.Select(GenPick, Gen.Int[1, 999], (k, p) => (Op)new PartialRefund(k, p))),
        (3, GenPick.Select(k => (Op)new FullRefund(k))),
        (4, Gen.Select(GenCustomer, GenDrainPermille, (c, p) => (Op)new AdjustDown(c, p))),
        (1, Gen.Select(GenCustomer, Gen.Long[1, 2_000_00], (c, p) => (Op)new AdjustUp(c, p))),
        (1, Gen.Select(Gen.Int[30, 120], GenExtraTicks, Gen.Bool, (d, x, t) => (Op)new AdvanceDays(d, x, t))),
        (1, GenPick.Select(k => (Op)new ReplayRefund(k))));

    private static readonly Gen<Scenario> GenDebtScenario =
        Gen.Select(Gen.Int[2, 3], GenDebtOp.List[15, 30], (n, ops) => new Scenario(n, ops));

    // ───────────────────────────── the properties ─────────────────────────────

    [Fact]
    public Task RandomOperationSequences_KeepEveryLedgerInvariant_AndMatchTheModel() => RunAsync(GenScenario);

    [Fact]
    public Task RefundsAfterSpending_CreateDebtsThatLaterEarningsSettle_AndMatchTheModel() => RunAsync(GenDebtScenario);

    private async Task RunAsync(Gen<Scenario> gen)
    {
        var stats = new ConcurrentDictionary<string, int>();
        var started = DateTime.UtcNow;
        await gen.SampleAsync(
            scenario => new Run(scenario, stats).ExecuteAsync(),
            writeLine: output.WriteLine,
            seed: ReplaySeed,
            iter: ReplaySeed is null ? Sequences : 1,
            print: s => s.ToString());
        output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss\\.fff} for {(ReplaySeed is null ? Sequences : 1)} sequences. Outcomes:");
        foreach (var (name, count) in stats.OrderBy(s => s.Key)) output.WriteLine($"  {name}: {count}");
    }

    // ───────────────────────────── the model ─────────────────────────────

    private sealed class ModelLot(long seq, DateTime expiresAt, long remaining)
    {
        public long Seq { get; } = seq;
        public DateTime ExpiresAt { get; } = expiresAt;
        public long Remaining { get; set; } = remaining;
    }

    private sealed class ModelDebt(Guid purchaseId, long amount)
    {
        public Guid PurchaseId { get; } = purchaseId;
        public long Amount { get; } = amount;
        public long Remaining { get; set; } = amount;
    }

    private sealed class ModelCustomer(Guid id, long mainAccountId)
    {
        public Guid Id { get; } = id;
        public long MainAccountId { get; } = mainAccountId;
        public List<ModelLot> Lots { get; } = [];
        public List<ModelDebt> Debts { get; } = [];
        public long Balance => Lots.Sum(l => l.Remaining);
    }

    private sealed class ModelPurchase(int customer, string key, PurchaseRequest request, long amount, long earned, long redeemed)
    {
        public int Customer { get; } = customer;
        public string Key { get; } = key;
        public PurchaseRequest Request { get; } = request;
        public long Amount { get; } = amount;
        public long Earned { get; } = earned;
        public long Redeemed { get; } = redeemed;
        public long Refunded { get; set; }
        public long ReversedEarned { get; set; }
        public long ReturnedRedeemed { get; set; }
        public PurchaseReceipt? Receipt { get; set; }
        public Guid Id => Receipt!.TransactionId;
    }

    private sealed record ModelRefund(ModelPurchase Purchase, string Key, RefundRequest Request, RefundReceipt Receipt);

    /// <summary>One sequence: a fresh database, its setup, the model, and the steps.</summary>
    private sealed class Run(Scenario scenario, ConcurrentDictionary<string, int> stats)
    {
        private readonly List<ModelCustomer> _customers = [];
        private readonly List<ModelPurchase> _purchases = [];
        private readonly List<ModelRefund> _refunds = [];
        private readonly List<string> _trace = [];
        private TestDatabase _database = null!;
        private PosCaller _caller = null!;
        private long _lotSeq;
        private int _receiptSeq;

        private DateTime Now => _database.Clock.GetUtcNow().UtcDateTime;

        public async Task ExecuteAsync()
        {
            await using var database = await TestDatabase.CreateAsync();
            _database = database;
            await SetUpAsync();
            await CheckInvariantsAsync();
            for (var i = 0; i < scenario.Ops.Count; i++)
            {
                var op = scenario.Ops[i];
                try
                {
                    await StepAsync(op);
                    await CheckInvariantsAsync();
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException(
                        $"Step {i} ({op}) broke the ledger or disagreed with the model: {e.Message}\nWhat the steps did:\n  {string.Join("\n  ", _trace)}", e);
                }
            }
        }

        private void Count(string outcome) => stats.AddOrUpdate(outcome, 1, (_, n) => n + 1);

        private void Trace(string line) => _trace.Add($"{_trace.Count,2}: {line}");

        private async Task SetUpAsync()
        {
            var now = Now;
            var partner = new Partner("Magnum Fresh", "magnum-fresh", BusinessArea.FoodRetail, "KZ", Currency, "Asia/Almaty", now);
            partner.Approve();
            partner.Activate(now);
            partner.SetRewards(EarnRateBp, CapBp, false);
            var store = new Store(partner.Id, "Magnum Fresh Abay", "Almaty", "Abay 1", "Asia/Almaty");
            await using (var db = _database.Open())
            {
                db.Partners.Add(partner);
                db.Stores.Add(store);
                await db.SaveChangesAsync();
            }
            _caller = new PosCaller(Guid.NewGuid(), partner.Id, store.Id, partner.Name, Currency);

            var register = _database.Get<RegisterCustomer>();
            for (var i = 0; i < scenario.Customers; i++)
            {
                var customer = await register.HandleAsync(
                    new RegisterCustomerCommand($"+7701000000{i + 1}", $"Member{i + 1}", null, null, false, false, "pos"), "KZ");
                await using var db = _database.Open();
                var mainId = await db.LedgerAccounts.AsNoTracking()
                    .Where(a => a.CustomerId == customer.Id && a.Kind == AccountKind.CustomerMain).Select(a => a.Id).SingleAsync();
                var model = new ModelCustomer(customer.Id, mainId);
                model.Lots.Add(new ModelLot(_lotSeq++, now.AddDays(WelcomeValidityDays), WelcomeBonus));
                _customers.Add(model);
            }
        }

        // ───────── model arithmetic: the same rules the product documents, written independently ─────────

        private void Credit(ModelCustomer customer, long amount, DateTime expiresAt) =>
            customer.Lots.Add(new ModelLot(_lotSeq++, expiresAt, amount));

        /// <summary>Oldest expiry first, then oldest lot.</summary>
        private static void Debit(ModelCustomer customer, long amount)
        {
            if (amount > customer.Balance) throw new InvalidOperationException("Model bug: debit above the balance.");
            foreach (var lot in customer.Lots.Where(l => l.Remaining > 0).OrderBy(l => l.ExpiresAt).ThenBy(l => l.Seq))
            {
                var take = Math.Min(lot.Remaining, amount);
                lot.Remaining -= take;
                amount -= take;
                if (amount == 0) break;
            }
        }

        private static void SettleDebts(ModelCustomer customer)
        {
            foreach (var debt in customer.Debts.Where(d => d.Remaining > 0))
            {
                var take = Math.Min(customer.Balance, debt.Remaining);
                if (take <= 0) return;
                Debit(customer, take);
                debt.Remaining -= take;
            }
        }

        private static long Proportion(long points, long refunded, long amount) => (long)((Int128)points * refunded / amount);

        // ───────── the steps ─────────

        private Task StepAsync(Op op) => op switch
        {
            Earn e => PurchaseAsync(e.Customer, e.AmountMinor, _ => 0),
            Redeem r => PurchaseAsync(r.Customer, r.AmountMinor, allowed =>
            {
                var redeem = (long)((Int128)allowed * r.Permille / 1000);
                return r.Permille > 1000 ? Math.Max(redeem, allowed + 1) : redeem;
            }),
            PartialRefund p => RefundAsync(p.Purchase, left => Math.Max(1, (long)((Int128)left * p.Permille / 1000))),
            FullRefund f => RefundAsync(f.Purchase, left => left == 0 ? 1 : left),
            ExcessRefund x => RefundAsync(x.Purchase, left => left + x.ExtraMinor),
            AdjustUp a => AdjustAsync(a.Customer, _ => a.Points),
            AdjustDown a => AdjustAsync(a.Customer, balance =>
            {
                var debit = (long)((Int128)balance * a.Permille / 1000);
                if (a.Permille > 1000) debit = Math.Max(debit, balance + 1);
                return -Math.Max(debit, 1);
            }),
            AdvanceDays d => AdvanceAsync(() => _database.Clock.Advance(TimeSpan.FromDays(d.Days) + TimeSpan.FromTicks(d.ExtraTicks)),
                $"{d.Days} days {TimeSpan.FromTicks(d.ExtraTicks)}", d.RunTwice),
            AdvanceMonths m => AdvanceAsync(() => _database.Clock.SetUtcNow(_database.Clock.GetUtcNow().AddMonths(m.Months)), $"{m.Months} months", m.RunTwice),
            ReplayPurchase p => ReplayPurchaseAsync(p.Purchase),
            ReplayRefund r => ReplayRefundAsync(r.Refund),
            ReuseKeyOtherBody u => ReuseKeyAsync(u.Purchase),
            DuplicateReceipt d => DuplicateReceiptAsync(d.Purchase),
            _ => throw new NotSupportedException(op.ToString()),
        };

        private async Task PurchaseAsync(int customerPick, long amount, Func<long, long> redeemFromAllowed)
        {
            var index = customerPick % _customers.Count;
            var customer = _customers[index];
            var maxRedeemable = RewardRules.MaxRedeemable(amount, Currency, Rates);
            var redeem = redeemFromAllowed(Math.Min(maxRedeemable, customer.Balance));
            var key = $"purchase-{Guid.NewGuid():N}";
            var request = new PurchaseRequest(customer.Id.ToString(), $"R-{++_receiptSeq:D5}", Money.ToMajor(amount, Currency),
                PointValue.ToDecimal(redeem), null, null);
            var what = $"purchase by c{index}: amount {amount} minor, redeem {redeem} (cap {maxRedeemable}, balance {customer.Balance})";

            string? refusal = redeem > maxRedeemable ? "redemption-over-cap" : redeem > customer.Balance ? "insufficient-points" : null;
            if (refusal is not null)
            {
                await ExpectRefusedAsync(refusal, what, () => _database.Get<RecordPurchase>().HandleAsync(_caller, key, request));
                return;
            }

            // The model: redeem first, earn on the part paid in money, then settle debts.
            if (redeem > 0) Debit(customer, redeem);
            var paid = amount - RewardRules.RedeemedValueMinor(redeem, Currency);
            var earned = RewardRules.Earned(amount, paid, Currency, Rates, []);
            var debtsBefore = customer.Debts.Sum(d => d.Remaining);
            if (earned > 0)
            {
                Credit(customer, earned, Now.AddMonths(ExpiryMonths));
                SettleDebts(customer);
            }
            var settled = debtsBefore - customer.Debts.Sum(d => d.Remaining);

            var result = await _database.Get<RecordPurchase>().HandleAsync(_caller, key, request);
            Trace($"{what} -> earned {earned}, settled debt {settled}, balance {customer.Balance}");
            Count(redeem > 0 ? "purchase with redemption" : "purchase earn-only");
            if (settled > 0) Count("purchase settling a debt");

            Assert.False(result.Replayed, "A first request must not be a replay.");
            var receipt = result.Body;
            Assert.Equal(customer.Id, receipt.CustomerId);
            Assert.Equal(PointValue.ToDecimal(earned), receipt.EarnedPoints);
            Assert.Equal(PointValue.ToDecimal(redeem), receipt.RedeemedPoints);
            Assert.Equal(Money.ToMajor(paid, Currency), receipt.AmountPaid);
            Assert.Equal(PointValue.ToDecimal(customer.Balance), receipt.Balances.Main);
            Assert.Equal(0m, receipt.Balances.Promo);
            _purchases.Add(new ModelPurchase(index, key, request, amount, earned, redeem) { Receipt = receipt });
        }

        private async Task RefundAsync(int pick, Func<long, long> amountFromLeft)
        {
            if (_purchases.Count == 0) { Trace("refund: no purchase yet, skipped"); return; }
            var purchase = _purchases[pick % _purchases.Count];
            var customer = _customers[purchase.Customer];
            var left = purchase.Amount - purchase.Refunded;
            var amount = amountFromLeft(left);
            var key = $"refund-{Guid.NewGuid():N}";
            var request = new RefundRequest(Money.ToMajor(amount, Currency));
            var what = $"refund of {amount} minor on {purchase.Request.ReceiptNumber} (amount {purchase.Amount}, refunded {purchase.Refunded}, c{purchase.Customer} balance {customer.Balance})";

            if (purchase.Refunded + amount > purchase.Amount)
            {
                await ExpectRefusedAsync("refund-exceeds-purchase", what,
                    () => _database.Get<RefundPurchase>().HandleAsync(_caller, purchase.Id, key, request));
                return;
            }

            // The model: proportional targets on the running total; give back redeemed points first, then take back
            // earned points from what the member has, the shortfall becoming a debt.
            purchase.Refunded += amount;
            var returnTarget = Proportion(purchase.Redeemed, purchase.Refunded, purchase.Amount);
            var toReturn = returnTarget - purchase.ReturnedRedeemed;
            if (toReturn > 0) Credit(customer, toReturn, Now.AddMonths(ExpiryMonths));
            var reverseTarget = Proportion(purchase.Earned, purchase.Refunded, purchase.Amount);
            var toReverse = reverseTarget - purchase.ReversedEarned;
            long debt = 0;
            if (toReverse > 0)
            {
                var take = Math.Min(customer.Balance, toReverse);
                debt = toReverse - take;
                if (take > 0) Debit(customer, take);
                if (debt > 0) customer.Debts.Add(new ModelDebt(purchase.Id, debt));
            }
            purchase.ReturnedRedeemed = returnTarget;
            purchase.ReversedEarned = reverseTarget;

            var result = await _database.Get<RefundPurchase>().HandleAsync(_caller, purchase.Id, key, request);
            Trace($"{what} -> returned {toReturn}, reversed {toReverse}, debt {debt}, balance {customer.Balance}");
            Count(purchase.Refunded == purchase.Amount ? "refund completing a purchase" : "refund partial");
            if (debt > 0) Count("refund creating a debt");

            Assert.False(result.Replayed, "A first request must not be a replay.");
            var receipt = result.Body;
            Assert.Equal(purchase.Id, receipt.TransactionId);
            Assert.Equal(Money.ToMajor(amount, Currency), receipt.RefundedAmount);
            Assert.Equal(PointValue.ToDecimal(Math.Max(toReverse, 0)), receipt.ReversedPoints);
            Assert.Equal(PointValue.ToDecimal(Math.Max(toReturn, 0)), receipt.ReturnedPoints);
            Assert.Equal(PointValue.ToDecimal(debt), receipt.DebtPoints);
            Assert.Equal(PointValue.ToDecimal(customer.Balance), receipt.Balances.Main);
            _refunds.Add(new ModelRefund(purchase, key, request, receipt));
        }

        private async Task AdjustAsync(int customerPick, Func<long, long> pointsFromBalance)
        {
            var index = customerPick % _customers.Count;
            var customer = _customers[index];
            var points = pointsFromBalance(customer.Balance);
            var command = new AdjustPointsCommand(customer.Id, PointValue.ToDecimal(points), "Goodwill correction after a complaint", "support@demo.local");
            var what = $"adjustment of c{index} by {points} (balance {customer.Balance})";

            if (-points > customer.Balance)
            {
                await ExpectRefusedAsync("insufficient-points", what, () => _database.Get<AdjustPoints>().HandleAsync(command));
                return;
            }

            if (points > 0) Credit(customer, points, Now.AddMonths(ExpiryMonths));
            else Debit(customer, -points);
            var balance = await _database.Get<AdjustPoints>().HandleAsync(command);
            Trace($"{what} -> balance {customer.Balance}");
            Count(points > 0 ? "adjustment up" : "adjustment down");
            Assert.Equal(customer.Balance, balance);
        }

        private async Task AdvanceAsync(Action move, string by, bool runTwice)
        {
            move();
            var now = Now;
            var expiring = _customers.SelectMany(c => c.Lots).Where(l => l.Remaining > 0 && l.ExpiresAt <= now).ToList();
            var points = expiring.Sum(l => l.Remaining);
            foreach (var lot in expiring) lot.Remaining = 0;

            var expired = await _database.Get<ExpirePoints>().HandleAsync();
            Trace($"clock +{by} to {now:yyyy-MM-dd HH:mm:ss.fffffff} -> {expired} lots expired ({points} points), balances {string.Join("/", _customers.Select(c => c.Balance))}");
            Count(expiring.Count > 0 ? "expiry run expiring lots" : "expiry run with nothing due");
            Assert.Equal(expiring.Count, expired);

            if (runTwice)
            {
                await CheckInvariantsAsync();
                var before = await SnapshotAsync();
                var again = await _database.Get<ExpirePoints>().HandleAsync();
                Trace("expiry run again -> " + again);
                Count("expiry run twice");
                Assert.Equal(0, again);
                Assert.Equal(before, await SnapshotAsync());
            }
        }

        private async Task ReplayPurchaseAsync(int pick)
        {
            if (_purchases.Count == 0) { Trace("replay of a purchase: none yet, skipped"); return; }
            var purchase = _purchases[pick % _purchases.Count];
            var before = await SnapshotAsync();
            var result = await _database.Get<RecordPurchase>().HandleAsync(_caller, purchase.Key, purchase.Request);
            Trace($"replay of purchase {purchase.Request.ReceiptNumber} with its key");
            Count("purchase replayed");
            Assert.True(result.Replayed, "The same key and body must be answered from the stored response.");
            Assert.Equal(purchase.Receipt, result.Body);
            Assert.Equal(before, await SnapshotAsync());
        }

        private async Task ReplayRefundAsync(int pick)
        {
            if (_refunds.Count == 0) { Trace("replay of a refund: none yet, skipped"); return; }
            var refund = _refunds[pick % _refunds.Count];
            var before = await SnapshotAsync();
            var result = await _database.Get<RefundPurchase>().HandleAsync(_caller, refund.Purchase.Id, refund.Key, refund.Request);
            Trace($"replay of refund {refund.Receipt.RefundId} with its key");
            Count("refund replayed");
            Assert.True(result.Replayed, "The same key and body must be answered from the stored response.");
            Assert.Equal(refund.Receipt, result.Body);
            Assert.Equal(before, await SnapshotAsync());
        }

        private async Task ReuseKeyAsync(int pick)
        {
            if (_purchases.Count == 0) { Trace("key reuse: no purchase yet, skipped"); return; }
            var purchase = _purchases[pick % _purchases.Count];
            var other = purchase.Request with { Amount = purchase.Request.Amount + 1m, ReceiptNumber = $"R-{++_receiptSeq:D5}" };
            await ExpectRefusedAsync("idempotency-key-reused", $"key of {purchase.Request.ReceiptNumber} reused with another body",
                () => _database.Get<RecordPurchase>().HandleAsync(_caller, purchase.Key, other));
        }

        private async Task DuplicateReceiptAsync(int pick)
        {
            if (_purchases.Count == 0) { Trace("duplicate receipt: no purchase yet, skipped"); return; }
            var purchase = _purchases[pick % _purchases.Count];
            var again = purchase.Request with { RedeemPoints = 0 };
            await ExpectRefusedAsync("duplicate-receipt", $"receipt {purchase.Request.ReceiptNumber} sent again under a new key",
                () => _database.Get<RecordPurchase>().HandleAsync(_caller, $"purchase-{Guid.NewGuid():N}", again));
        }

        /// <summary>The operation must be refused with this code and leave every balance and row count as it was.</summary>
        private async Task ExpectRefusedAsync(string code, string what, Func<Task> act)
        {
            var before = await SnapshotAsync();
            var refused = await Assert.ThrowsAnyAsync<DomainException>(act);
            Trace($"{what} -> refused: {refused.Code}");
            Count($"refused: {code}");
            Assert.Equal(code, refused.Code);
            var after = await SnapshotAsync();
            Assert.True(before == after, $"A refused operation changed the database.\nBefore: {before}\nAfter:  {after}");
        }

        // ───────── invariants ─────────

        private sealed record Snapshot(
            string Balances, int Transfers, int Entries, int Lots, long LotsRemaining, int Purchases, long Refunded,
            long ReversedEarned, long ReturnedRedeemed, int Refunds, int Debts, long DebtsRemaining, int IdempotencyRecords);

        private async Task<Snapshot> SnapshotAsync()
        {
            await using var db = _database.Open();
            var balances = await db.LedgerAccounts.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Key, a.Balance }).ToListAsync();
            return new Snapshot(
                string.Join(", ", balances.Select(b => $"{b.Key}={b.Balance}")),
                await db.Transfers.CountAsync(),
                await db.Entries.CountAsync(),
                await db.PointLots.CountAsync(),
                await db.PointLots.SumAsync(l => (long?)l.Remaining) ?? 0,
                await db.Purchases.CountAsync(),
                await db.Purchases.SumAsync(p => (long?)p.RefundedAmount) ?? 0,
                await db.Purchases.SumAsync(p => (long?)p.ReversedEarned) ?? 0,
                await db.Purchases.SumAsync(p => (long?)p.ReturnedRedeemed) ?? 0,
                await db.Refunds.CountAsync(),
                await db.PointsDebts.CountAsync(),
                await db.PointsDebts.SumAsync(d => (long?)d.Remaining) ?? 0,
                await db.IdempotencyRecords.CountAsync());
        }

        private async Task CheckInvariantsAsync()
        {
            var report = await _database.Get<ReconcileLedger>().HandleAsync();
            Assert.True(report.IsHealthy,
                $"Reconciliation failed: total {report.EntriesTotal}, unbalanced transfers [{string.Join(", ", report.UnbalancedTransfers)}], " +
                $"negative customer accounts {report.NegativeCustomerAccounts}, mismatches [{string.Join("; ", report.Mismatches)}]");

            await using var db = _database.Open();
            foreach (var (customer, i) in _customers.Select((c, i) => (c, i)))
            {
                var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customer.Id)
                    .Select(a => new { a.Id, a.Kind, a.Balance }).ToListAsync();
                var main = accounts.Single(a => a.Kind == AccountKind.CustomerMain);
                Assert.True(main.Balance >= 0, $"c{i} has a negative balance {main.Balance}.");
                Assert.True(customer.Balance == main.Balance, $"c{i}: balance {main.Balance} in the database, {customer.Balance} in the model.");
                Assert.All(accounts.Where(a => a.Kind == AccountKind.CustomerPromo), a => Assert.Equal(0, a.Balance));

                var lots = await db.PointLots.AsNoTracking().Where(l => l.AccountId == customer.MainAccountId && l.Remaining > 0)
                    .OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id).Select(l => new { l.ExpiresAt, l.Remaining }).ToListAsync();
                var expectedLots = customer.Lots.Where(l => l.Remaining > 0).OrderBy(l => l.ExpiresAt).ThenBy(l => l.Seq)
                    .Select(l => $"{l.ExpiresAt:yyyy-MM-dd HH:mm:ss.fffffff}={l.Remaining}");
                Assert.Equal(string.Join(" ", expectedLots), string.Join(" ", lots.Select(l => $"{l.ExpiresAt:yyyy-MM-dd HH:mm:ss.fffffff}={l.Remaining}")));

                var debts = await db.PointsDebts.AsNoTracking().Where(d => d.CustomerId == customer.Id).OrderBy(d => d.Id)
                    .Select(d => new { d.PurchaseId, d.Amount, d.Remaining }).ToListAsync();
                Assert.Equal(
                    string.Join(" ", customer.Debts.Select(d => $"{d.PurchaseId:N}:{d.Amount}/{d.Remaining}")),
                    string.Join(" ", debts.Select(d => $"{d.PurchaseId:N}:{d.Amount}/{d.Remaining}")));
                Assert.All(debts, d => Assert.InRange(d.Remaining, 0, d.Amount));
            }

            var purchases = await db.Purchases.AsNoTracking().ToDictionaryAsync(p => p.Id);
            var refunds = await db.Refunds.AsNoTracking().ToListAsync();
            Assert.Equal(_purchases.Count, purchases.Count);
            Assert.Equal(_refunds.Count, refunds.Count);
            foreach (var model in _purchases)
            {
                var row = purchases[model.Id];
                var mine = refunds.Where(r => r.PurchaseId == model.Id).ToList();
                var name = model.Request.ReceiptNumber;
                // Invariant 7: refunds never exceed the purchase and move points proportionally.
                Assert.True(mine.Sum(r => r.Amount) == row.RefundedAmount, $"{name}: refund rows sum {mine.Sum(r => r.Amount)}, purchase says {row.RefundedAmount}.");
                Assert.True(row.RefundedAmount <= row.Amount, $"{name}: refunded {row.RefundedAmount} of {row.Amount}.");
                Assert.Equal((model.Amount, model.Earned, model.Redeemed), (row.Amount, row.EarnedPoints, row.RedeemedPoints));
                Assert.Equal((model.Refunded, model.ReversedEarned, model.ReturnedRedeemed), (row.RefundedAmount, row.ReversedEarned, row.ReturnedRedeemed));
                Assert.Equal(row.ReversedEarned, mine.Sum(r => r.ReversedEarned));
                Assert.Equal(row.ReturnedRedeemed, mine.Sum(r => r.ReturnedRedeemed));
                Assert.InRange(row.ReversedEarned, 0, row.EarnedPoints);
                Assert.InRange(row.ReturnedRedeemed, 0, row.RedeemedPoints);
                if (row.RefundedAmount == row.Amount)
                    Assert.Equal((row.EarnedPoints, row.RedeemedPoints), (row.ReversedEarned, row.ReturnedRedeemed));
                var debtCreated = _customers[model.Customer].Debts.Where(d => d.PurchaseId == model.Id).Sum(d => d.Amount);
                Assert.Equal(debtCreated, mine.Sum(r => r.DebtCreated));
            }
        }
    }
}
