using Loyalty.Core.Segments;
using Loyalty.Web;
using Loyalty.Web.Components.Segments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Loyalty.Tests.Components;

public class SegmentFieldsTests : ComponentTestContext
{
    /// <summary>
    /// The rule builder (segments, the customers grid's conditions, mailings' audiences) offers every rule Core can evaluate,
    /// each once: a rule added to <see cref="SegmentField"/> and forgotten here was out of every marketer's reach.
    /// </summary>
    [Fact]
    public void TheRuleBuilder_OffersEveryRuleCoreEvaluates_OnceEach_UnderItsOwnLabel()
    {
        var l = Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var offered = SegmentFields.All(l);

        Assert.Equal(Enum.GetValues<SegmentField>().Order(), offered.Select(f => f.Field).Order());
        Assert.Equal(offered.Count, offered.Select(f => f.Label).Distinct().Count()); // translations: LocalizationTests
    }
}
