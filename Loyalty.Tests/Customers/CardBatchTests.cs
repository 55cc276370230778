using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Customers;

public class CardBatchTests : ScenarioTest
{
    [Fact]
    public async Task Batches_IssueConsecutiveValidNumbers_AndTheNextBatchContinues()
    {
        var issue = Database.Get<IssueCardBatch>();
        var first = await issue.HandleAsync(new IssueCardBatchCommand("Print order 1", 1_500, "op@x"));
        var second = await issue.HandleAsync(new IssueCardBatchCommand("Print order 2", 10, "op@x"));

        Assert.Equal(IssueCardBatch.FirstBody, first.FirstBody);
        Assert.Equal(first.FirstBody + 1_500, second.FirstBody);
        var list = Database.Get<ListCards>();
        var numbers = await list.NumbersAsync(await list.BatchAsync(first.Id)).ToListAsync();
        Assert.Equal(1_500, numbers.Count);
        Assert.All(numbers, n => Assert.True(CardNumber.IsValid(n)));
        Assert.Equal(first.FirstNumber, numbers[0]);
        Assert.Equal(first.LastNumber, numbers[^1]);

        var batches = await Database.Get<ListCards>().BatchesAsync();
        Assert.Equal([10, 1_500], batches.Select(b => b.Count));
        var page = await Database.Get<ListCards>().CardsAsync(new CardQuery(first.FirstNumber[..12], CardStatus.Issued, null, 0, 20));
        Assert.True(page.Total >= 20);
        Assert.All(page.Items, c => Assert.StartsWith(first.FirstNumber[..12], c.Number));
    }

    [Theory]
    [InlineData("ab", 10)]
    [InlineData("Order", 0)]
    [InlineData("Order", CardBatch.MaxCount + 1)]
    public async Task InvalidBatch_IsRefused_AndNothingIsWritten(string name, int count)
    {
        await Assert.ThrowsAsync<ValidationException>(() => Database.Get<IssueCardBatch>().HandleAsync(new IssueCardBatchCommand(name, count, "op@x")));
        await using var db = Database.Open();
        Assert.Equal(0, await db.Cards.CountAsync());
    }
}
