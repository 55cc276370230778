using Loyalty.Core.Segments;

namespace Loyalty.Tests.Segments;

public class RfmMapTests
{
    [Theory]
    [InlineData(5, 5, 5, RfmSegment.Champions)]
    [InlineData(5, 4, 3, RfmSegment.Champions)] // FM = 4
    [InlineData(5, 1, 1, RfmSegment.New)]
    [InlineData(5, 2, 3, RfmSegment.PotentialLoyalists)]
    [InlineData(4, 1, 1, RfmSegment.Promising)]
    [InlineData(4, 5, 4, RfmSegment.Loyal)]
    [InlineData(3, 5, 5, RfmSegment.Loyal)]
    [InlineData(3, 3, 3, RfmSegment.NeedAttention)]
    [InlineData(3, 1, 2, RfmSegment.NeedAttention)]
    [InlineData(2, 3, 4, RfmSegment.AtRisk)]
    [InlineData(1, 4, 4, RfmSegment.AtRisk)]
    [InlineData(2, 5, 5, RfmSegment.CantLose)]
    [InlineData(1, 5, 4, RfmSegment.CantLose)] // FM = 5
    [InlineData(2, 1, 1, RfmSegment.Hibernating)]
    [InlineData(1, 2, 2, RfmSegment.Hibernating)]
    [InlineData(1, 1, 1, RfmSegment.Lost)]
    public void SegmentOf_FollowsTheDocumentedGrid(int r, int f, int m, RfmSegment expected) =>
        Assert.Equal(expected, RfmMap.SegmentOf(r, f, m));

    [Fact]
    public void EveryScoreCombination_HasASegment_AndEverySegmentIsReachable()
    {
        var reached = new HashSet<RfmSegment>();
        for (var r = 1; r <= 5; r++)
            for (var f = 1; f <= 5; f++)
                for (var m = 1; m <= 5; m++)
                    reached.Add(RfmMap.SegmentOf(r, f, m));
        Assert.Equal(Enum.GetValues<RfmSegment>().Length, reached.Count);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.19, 1)]
    [InlineData(0.2, 2)]
    [InlineData(0.5, 3)]
    [InlineData(0.79, 4)]
    [InlineData(0.8, 5)]
    [InlineData(1.0, 5)]
    public void ScoreOf_SplitsThePercentRankIntoFifths(double rank, int score) => Assert.Equal(score, RfmMap.ScoreOf(rank));

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(6, 1, 1)]
    [InlineData(3, 0, 3)]
    public void SegmentOf_OutOfRangeScores_AreRefused(int r, int f, int m) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RfmMap.SegmentOf(r, f, m));
}
