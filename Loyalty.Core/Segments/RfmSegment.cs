using System.Text;

namespace Loyalty.Core.Segments;

/// <summary>The ten named RFM segments. Stored as integers: append, never reorder.</summary>
public enum RfmSegment
{
    Champions,
    Loyal,
    PotentialLoyalists,
    New,
    Promising,
    NeedAttention,
    AtRisk,
    CantLose,
    Hibernating,
    Lost,
}

/// <summary>
/// Names a member from their scores: recency R against the rounded mean of frequency and monetary, FM = ⌊(F + M + 1) / 2⌋,
/// on the classic 5 × 5 grid (docs/decisions/0016-rfm-scoring-and-segments.md). The same grid is turned into the SQL CASE
/// that names segments in the database, so C# and SQL cannot disagree.
/// </summary>
public static class RfmMap
{
    // Rows are R = 5 … 1, columns FM = 1 … 5.
    private static readonly RfmSegment[,] Grid =
    {
        /* R5 */ { RfmSegment.New, RfmSegment.PotentialLoyalists, RfmSegment.PotentialLoyalists, RfmSegment.Champions, RfmSegment.Champions },
        /* R4 */ { RfmSegment.Promising, RfmSegment.PotentialLoyalists, RfmSegment.PotentialLoyalists, RfmSegment.Loyal, RfmSegment.Loyal },
        /* R3 */ { RfmSegment.NeedAttention, RfmSegment.NeedAttention, RfmSegment.NeedAttention, RfmSegment.Loyal, RfmSegment.Loyal },
        /* R2 */ { RfmSegment.Hibernating, RfmSegment.Hibernating, RfmSegment.AtRisk, RfmSegment.AtRisk, RfmSegment.CantLose },
        /* R1 */ { RfmSegment.Lost, RfmSegment.Hibernating, RfmSegment.AtRisk, RfmSegment.AtRisk, RfmSegment.CantLose },
    };

    public static int FrequencyMonetary(int frequency, int monetary) => (frequency + monetary + 1) / 2;

    public static RfmSegment SegmentOf(int recency, int frequency, int monetary)
    {
        if (recency is < 1 or > 5 || frequency is < 1 or > 5 || monetary is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(recency), "RFM scores run from 1 to 5.");
        return Grid[5 - recency, FrequencyMonetary(frequency, monetary) - 1];
    }

    /// <summary>Score from a percent rank (0 … 1, ties share a rank): 1 for the bottom fifth … 5 for the top fifth.</summary>
    public static int ScoreOf(double percentRank) => percentRank switch
    {
        >= 0.8 => 5,
        >= 0.6 => 4,
        >= 0.4 => 3,
        >= 0.2 => 2,
        _ => 1,
    };

    /// <summary><see cref="ScoreOf"/> in SQL over a percent-rank expression.</summary>
    public static string SqlScore(string percentRank) =>
        $"CASE WHEN {percentRank} >= 0.8 THEN 5 WHEN {percentRank} >= 0.6 THEN 4 WHEN {percentRank} >= 0.4 THEN 3 WHEN {percentRank} >= 0.2 THEN 2 ELSE 1 END";

    /// <summary>The grid as <c>CASE r * 10 + fm WHEN 51 THEN 3 … END</c> over the given SQL expressions.</summary>
    public static string SqlCase(string recency, string frequency, string monetary)
    {
        var sql = new StringBuilder($"CASE ({recency}) * 10 + (({frequency}) + ({monetary}) + 1) / 2");
        for (var r = 1; r <= 5; r++)
            for (var fm = 1; fm <= 5; fm++)
                sql.Append($" WHEN {r * 10 + fm} THEN {(int)Grid[5 - r, fm - 1]}");
        return sql.Append(" END").ToString();
    }

    /// <summary>Display order for screens: best first.</summary>
    public static IReadOnlyList<RfmSegment> All { get; } = Enum.GetValues<RfmSegment>();
}
