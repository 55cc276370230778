using System.Text.RegularExpressions;
using Loyalty.Core.Analytics;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The roll-ups' SQL runs on SQLite in every other test; SQL Server cannot run here, so this proves the other spelling as far
/// as this machine can: every statement the minute job and the readers build for SQL Server parses as T-SQL.
/// </summary>
public class RollupSqlDialectTests
{
    public static TheoryData<string, string> Statements()
    {
        var sql = new RollupSql(IsSqlite: false);
        var period = new RollupSlice(Guid.NewGuid(), new DateTime(2026, 1, 1), new DateTime(2026, 2, 1));
        var data = new TheoryData<string, string>();
        void Add(string name, Loyalty.Core.Messaging.SqlBuilder statement) => data.Add(name, statement.ToString());
        void Upsert(string name, Loyalty.Core.Messaging.SqlBuilder upsert) => Add(name + " upsert", upsert);

        var all = sql.Batch;
        Upsert("sales days", sql.Upsert("SalesDays", RollupSql.SalesDayKey, RollupSql.SalesDayFigures, sql.SalesDayDeltas(all)));
        Upsert("category days", sql.Upsert("CategoryDays", RollupSql.CategoryDayKey, RollupSql.CategoryDayFigures, sql.CategoryDayDeltas(all)));
        foreach (var coalition in new[] { false, true })
        {
            foreach (var granularity in Enum.GetValues<Granularity>())
                Upsert($"buyers by {granularity}, coalition {coalition}", sql.Upsert("BuyerCounts", RollupSql.BuyerCountKey, RollupSql.BuyersFigure, sql.BuyerDeltas(granularity, coalition, all)));
            Upsert($"cohorts, coalition {coalition}", sql.Upsert("CohortCells", RollupSql.CohortCellKey, RollupSql.BuyersFigure, sql.CohortDeltas(coalition, all)));
            Upsert($"first purchases, coalition {coalition}", sql.Upsert("FirstPurchaseDays", RollupSql.FirstPurchaseDayKey, RollupSql.FirstPurchaseDayFigures, sql.FirstPurchaseDeltas(coalition, all)));
            Upsert($"first purchases, first build, coalition {coalition}", sql.Upsert("FirstPurchaseDays", RollupSql.FirstPurchaseDayKey, RollupSql.FirstPurchaseDayFigures, sql.FirstPurchaseDeltas(coalition, all, nothingRolledUp: true)));
        }
        Add("batch", sql.FillBatch(UpdateSalesRollups.BatchReceipts));
        Add("batch is new", sql.BatchIsNew());
        Add("mark refunds", sql.MarkBatch(DateTime.UtcNow).Refunds);
        Add("mark purchases", sql.MarkBatch(DateTime.UtcNow).Purchases);
        Add("create batch", new Loyalty.Core.Messaging.SqlBuilder().Append(sql.CreateBatch));
        Add("sales totals", sql.Sales(period));
        Add("sales by day", sql.Sales(period, ("x.on_day", "Day")));
        Add("sales by cashier", sql.Sales(period, ("x.pid", "PartnerId"), ("x.cashier", "Cashier")));
        Add("categories", sql.Categories(period));
        Add("buyers by month", sql.Buyers(period, Granularity.Month));
        Add("coalition buyers by week", sql.Buyers(period with { PartnerId = null }, Granularity.Week));
        Add("cohorts", sql.Cohorts(null, new DateOnly(2025, 12, 1), new DateOnly(2026, 12, 1)));
        Add("first purchases", sql.FirstPurchases(period));
        Add("coalition first purchases", sql.FirstPurchases(period with { PartnerId = null }));
        // The effectiveness figures' own statements (0210, 0250), for a partner and the coalition.
        foreach (var partner in new Guid?[] { period.PartnerId, null })
        {
            var effectiveness = new EffectivenessSql(partner, isSqlite: false);
            var (previousFrom, from, through, to) = (new DateTime(2025, 12, 1), new DateTime(2026, 1, 1), new DateTime(2026, 1, 20), new DateTime(2026, 2, 1));
            Add($"buyers, partner {partner is not null}", effectiveness.Buyers(previousFrom, from, to));
            Add($"later buyers, partner {partner is not null}", effectiveness.LaterBuyers(previousFrom, from, through, to));
            Add($"referred, partner {partner is not null}", effectiveness.Referred(from, to));
            Add($"certificate revenue, partner {partner is not null}", effectiveness.CertificateRevenue(new AnalyticsQuery(partner, from, to)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void ParsesAsTSql(string name, string statement)
    {
        // SqlBuilder's placeholders are parameters; its doubled braces are literal braces.
        var tsql = Regex.Replace(statement, @"(?<!\{)\{(\d+)\}(?!\})", "@p$1").Replace("{{", "{").Replace("}}", "}");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(tsql), out var errors);
        Assert.True(errors.Count == 0, $"{name}: {tsql}\n{string.Join("\n", errors.Select(e => e.Message))}");
        Assert.DoesNotContain("INDEXED BY", tsql);
    }

    [Fact]
    public void TheCheck_RefusesSqliteSpelling()
    {
        var sqlite = new RollupSql(IsSqlite: true).BuyerDeltas(Granularity.Week, false, new RollupSlice(null)).ToString();
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(Regex.Replace(sqlite, @"\{(\d+)\}", "@p$1")), out var errors);
        Assert.NotEmpty(errors);
    }
}
