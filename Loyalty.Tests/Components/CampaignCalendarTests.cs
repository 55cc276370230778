using AngleSharp.Dom;
using Bunit;
using Loyalty.Core.Campaigns;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Components.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace Loyalty.Tests.Components;

/// <summary>
/// The partner's campaign calendar, rendered with bUnit against the real use cases and a real SQLite file: what a week
/// shows, month and week views, and drag and drop through MudBlazor's own drop container (decision 0064).
/// </summary>
public class CampaignCalendarTests : DatabaseComponentTest
{

    // The calendar opens on today's date (DateTime.UtcNow): the use cases read the same real clock here. Read per test (a
    // run may cross midnight, or Sunday into Monday).
    private readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private DateOnly Monday => Today.AddDays(-(((int)Today.DayOfWeek + 6) % 7));
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync(s => s.Replace(ServiceDescriptor.Singleton(TimeProvider.System)));

    private static DateTime At(DateOnly day, int hour = 0) => day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc);

    private static string Zone(DateOnly day) => $"#day-{day:yyyy-MM-dd}";

    private async Task<Guid> DraftAsync(string name, DateTime starts, DateTime? ends) =>
        await Database.Get<SaveCampaign>().HandleAsync(Scenario.Partner.Id, null,
            new CampaignForm(name, null, CampaignType.PurchaseBonus, starts, ends, RewardKind.ExtraPercent, 2m));

    private async Task<Guid> LaunchedAsync(string name, DateTime starts, DateTime? ends, bool thenEnd = false)
    {
        var id = await DraftAsync(name, starts, ends);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, id, CampaignAction.Launch);
        if (thenEnd) await Database.Get<ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, id, CampaignAction.End);
        return id;
    }

    private async Task<(DateTime StartsAt, DateTime? EndsAt)> DatesAsync(Guid id)
    {
        await using var db = Database.Open();
        return await db.Campaigns.AsNoTracking().Where(c => c.Id == id).Select(c => new ValueTuple<DateTime, DateTime?>(c.StartsAt, c.EndsAt)).SingleAsync();
    }

    private IRenderedComponent<CampaignCalendarView> Calendar() =>
        Render<CampaignCalendarView>(p => p.Add(c => c.OwnerPartnerId, Scenario.Partner.Id).Add(c => c.BasePath, "/partner/campaigns"));

    private static IReadOnlyList<IElement> On(IRenderedComponent<CampaignCalendarView> calendar, DateOnly day, Guid campaign) =>
        calendar.FindAll($"{Zone(day)} [data-campaign='{campaign}']");

    private static IReadOnlyList<string> Shown(IRenderedComponent<CampaignCalendarView> calendar) =>
        calendar.FindAll("[data-campaign]").Select(a => a.GetAttribute("data-campaign")!).Distinct().ToList();

    private static async Task WeekViewAsync(IRenderedComponent<CampaignCalendarView> calendar, bool week)
    {
        var toggle = calendar.FindAll(".mud-toggle-item").Single(b => b.TextContent.Trim() == (week ? "Week" : "Month"));
        await toggle.ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
    }

    /// <summary>
    /// What the browser sends when a campaign's first day is dragged to another day: drag start on the item, drop on the
    /// day, then drag end on the item where it was, if that element is still there.
    /// </summary>
    private static async Task DragAsync(IRenderedComponent<CampaignCalendarView> calendar, Guid campaign, DateOnly from, DateOnly to)
    {
        var dragged = $"{Zone(from)} [data-campaign='{campaign}']";
        await calendar.Find(dragged).ParentElement!.TriggerEventAsync("ondragstart", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        await calendar.Find(Zone(to)).TriggerEventAsync("ondrop", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
        if (calendar.FindAll(dragged).SingleOrDefault()?.ParentElement is { } source && source.HasAttribute("blazor:ondragend"))
            await source.TriggerEventAsync("ondragend", new Microsoft.AspNetCore.Components.Web.DragEventArgs());
    }

    [Fact]
    public async Task WeekView_ShowsThatWeeksCampaignsOnTheirDays_NotOtherWeeks_AndMonthAndWeekSwitch()
    {
        var thisWeek = await DraftAsync("Thursday to Saturday", At(Monday.AddDays(3), 9), At(Monday.AddDays(5), 9));
        var lastWeek = await DraftAsync("Last week", At(Monday.AddDays(-5), 9), At(Monday.AddDays(-4), 9));
        var nextWeek = await DraftAsync("Next week", At(Monday.AddDays(8), 9), At(Monday.AddDays(9), 9));
        var calendar = Calendar();
        calendar.WaitForAssertion(() => Assert.Contains(thisWeek.ToString(), Shown(calendar)));
        Assert.Contains(Today.ToDateTime(TimeOnly.MinValue).ToString("MMMM yyyy"), calendar.Find("#calendar-title").TextContent);
        Assert.True(calendar.FindAll(".cc-zone").Count is 35 or 42 or 28);

        await WeekViewAsync(calendar, week: true);

        calendar.WaitForAssertion(() => Assert.Equal(7, calendar.FindAll(".cc-zone").Count));
        Assert.Equal($"{Monday:d MMM} – {Monday.AddDays(6):d MMM yyyy}", calendar.Find("#calendar-title").TextContent.Trim());
        Assert.Equal([thisWeek.ToString()], Shown(calendar));
        // Drawn on each day it runs (ends Saturday 09:00), draggable by its first day only.
        foreach (var day in Enumerable.Range(0, 7).Select(Monday.AddDays))
            Assert.Equal(day >= Monday.AddDays(3) && day <= Monday.AddDays(5) ? 1 : 0, On(calendar, day, thisWeek).Count);
        Assert.Contains("cc-movable", On(calendar, Monday.AddDays(3), thisWeek)[0].ClassName);
        Assert.DoesNotContain("cc-movable", On(calendar, Monday.AddDays(4), thisWeek)[0].ClassName);

        await calendar.InvokeAsync(() => calendar.Find("#calendar-next").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        calendar.WaitForAssertion(() => Assert.Equal([nextWeek.ToString()], Shown(calendar)));
        Assert.Single(On(calendar, Monday.AddDays(8), nextWeek));
        await calendar.InvokeAsync(() => calendar.Find("#calendar-prev").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        await calendar.InvokeAsync(() => calendar.Find("#calendar-prev").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        calendar.WaitForAssertion(() => Assert.Equal([lastWeek.ToString()], Shown(calendar)));

        // Back to the month of the week on screen: whole weeks again, that week's campaign among them.
        await WeekViewAsync(calendar, week: false);
        calendar.WaitForAssertion(() => Assert.True(calendar.FindAll(".cc-zone").Count is 35 or 42 or 28));
        Assert.Contains(lastWeek.ToString(), Shown(calendar));
        Assert.Single(On(calendar, Monday.AddDays(-5), lastWeek));
    }

    [Fact]
    public async Task DraggingADraft_MovesItsStartToTheDroppedDay_KeepingTimeAndLength()
    {
        var draft = await DraftAsync("Thursday to Saturday", At(Monday.AddDays(3), 9), At(Monday.AddDays(5), 9));
        var calendar = Calendar();
        await WeekViewAsync(calendar, week: true);
        calendar.WaitForAssertion(() => Assert.Single(On(calendar, Monday.AddDays(3), draft)));

        await DragAsync(calendar, draft, from: Monday.AddDays(3), to: Monday.AddDays(1));

        Assert.Equal((At(Monday.AddDays(1), 9), (DateTime?)At(Monday.AddDays(3), 9)), await DatesAsync(draft));
        // Redrawn where it now runs, Tuesday to Thursday, draggable by its new first day.
        calendar.WaitForAssertion(() =>
        {
            foreach (var day in Enumerable.Range(0, 7).Select(Monday.AddDays))
                Assert.Equal(day >= Monday.AddDays(1) && day <= Monday.AddDays(3) ? 1 : 0, On(calendar, day, draft).Count);
            Assert.Contains("cc-movable", On(calendar, Monday.AddDays(1), draft)[0].ClassName);
        });
    }

    [Fact]
    public async Task DraggingAScheduledCampaign_MovesIt()
    {
        var scheduled = await LaunchedAsync("Next Tuesday", At(Monday.AddDays(8), 9), At(Monday.AddDays(9), 9));
        var calendar = Calendar();
        await WeekViewAsync(calendar, week: true);
        await calendar.InvokeAsync(() => calendar.Find("#calendar-next").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        calendar.WaitForAssertion(() => Assert.Single(On(calendar, Monday.AddDays(8), scheduled)));

        await DragAsync(calendar, scheduled, from: Monday.AddDays(8), to: Monday.AddDays(11));

        Assert.Equal((At(Monday.AddDays(11), 9), (DateTime?)At(Monday.AddDays(12), 9)), await DatesAsync(scheduled));
        calendar.WaitForAssertion(() => Assert.Single(On(calendar, Monday.AddDays(11), scheduled)));
    }

    [Fact]
    public async Task ActiveAndEndedCampaigns_CannotBeDragged_AndTheirDatesStay()
    {
        var active = await LaunchedAsync("Running", At(Monday), At(Monday.AddDays(7)));
        var ended = await LaunchedAsync("Over", At(Monday), null, thenEnd: true);
        var activeDates = await DatesAsync(active);
        var endedDates = await DatesAsync(ended);
        var calendar = Calendar();
        await WeekViewAsync(calendar, week: true);
        calendar.WaitForAssertion(() => Assert.Single(On(calendar, Monday, ended)));
        Assert.DoesNotContain("cc-movable", On(calendar, Monday, active)[0].ClassName);
        Assert.Equal("false", On(calendar, Monday, active)[0].ParentElement!.GetAttribute("draggable"));

        await DragAsync(calendar, active, from: Monday, to: Monday.AddDays(2));
        await DragAsync(calendar, ended, from: Monday, to: Monday.AddDays(2));

        Assert.Equal(activeDates, await DatesAsync(active));
        Assert.Equal(endedDates, await DatesAsync(ended));
        Assert.Single(On(calendar, Monday, active));
        Assert.Single(On(calendar, Monday, ended));
    }

    [Fact]
    public async Task ADraftLaunchedWhileThePageWasOpen_DroppedAnyway_IsRefusedWithAMessage_AndStaysPut()
    {
        var campaign = await DraftAsync("Started on Monday", At(Monday), At(Monday.AddDays(7)));
        var calendar = Calendar();
        await WeekViewAsync(calendar, week: true);
        calendar.WaitForAssertion(() => Assert.Contains("cc-movable", On(calendar, Monday, campaign)[0].ClassName));
        // Another tab launches it: it is running now, but this page still draws it as a draft.
        await Database.Get<ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, campaign, CampaignAction.Launch);

        await DragAsync(calendar, campaign, from: Monday, to: Monday.AddDays(2));
        Assert.Equal((At(Monday), (DateTime?)At(Monday.AddDays(7))), await DatesAsync(campaign));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Only a draft or scheduled campaign can be moved.");
        calendar.WaitForAssertion(() => Assert.DoesNotContain("cc-movable", On(calendar, Monday, campaign)[0].ClassName));
    }
}
