using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Integrations;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Audit;

/// <summary>Changes to a member's personal data are logged old → new per field, with who did it (decision 0142).</summary>
public class PersonalDataChangeLogTests : ScenarioTest
{
    private async Task<IReadOnlyList<AuditRow>> ProfileLogAsync(Guid customerId) =>
        (await Database.Get<SearchAuditLog>().HandleAsync(new AuditQuery(null, "customer", null, null, customerId))).Items
            .Where(r => r.ChangesJson is not null).ToList();

    [Fact]
    public async Task MemberOperatorAndIntegrationChanges_AreLoggedOldToNew_WithWhoDidIt_AndContactsMaskedForStaff()
    {
        var member = await Scenario.RegisterAsync("+77015556001", "Aru");
        await Database.Get<MemberProfile>().SaveAsync(member.Id, new MemberProfileForm("Aruzhan", null, new DateOnly(1990, 5, 1), Gender.Female, "Almaty", "ru"));
        await Database.Get<ContactPreferences>().SaveAsync(member.Id, "aru@example.com", true, false);
        var changes = await Database.Get<EditMemberProfile>().HandleAsync(member.Id,
            new OperatorProfileForm("Aruzhan", "Sadykova", "aruzhan@example.com", new DateOnly(1990, 5, 1), Gender.Female, "Astana"), "ops@test");
        Assert.Equal(["lastName", "email", "city"], changes.Select(c => c.Field));
        // Saving the same values again changes nothing and logs nothing.
        Assert.Empty(await Database.Get<EditMemberProfile>().HandleAsync(member.Id,
            new OperatorProfileForm("Aruzhan", "Sadykova", "aruzhan@example.com", new DateOnly(1990, 5, 1), Gender.Female, "Astana"), "ops@test"));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => Database.Get<EditMemberProfile>().HandleAsync(member.Id,
            new OperatorProfileForm("", null, "not-an-email", null, Gender.Unspecified, null), "ops@test"));
        Assert.Equal(["email", "firstName"], bad.Errors.Keys.Order());

        var log = await ProfileLogAsync(member.Id);
        Assert.Equal(3, log.Count);
        var byOperator = log[0];
        Assert.Equal("ops@test", byOperator.Actor);
        Assert.Equal([new FieldChange("lastName", null, "Sadykova"), new FieldChange("email", "aru@example.com", "aruzhan@example.com"), new FieldChange("city", "Almaty", "Astana")],
            byOperator.Changes(full: true));
        var masked = byOperator.Changes(full: false).Single(c => c.Field == "email");
        Assert.Equal("a***@example.com", masked.Old);
        Assert.DoesNotContain("aruzhan", masked.New);
        Assert.Equal("Sadykova", byOperator.Changes(full: false).Single(c => c.Field == "lastName").New);

        Assert.Equal([new FieldChange("email", null, "aru@example.com")], log[1].Changes(true));
        Assert.Equal("member", log[2].Actor);
        Assert.Contains(new FieldChange("firstName", "Aru", "Aruzhan"), log[2].Changes(true));
        Assert.Contains(new FieldChange("birthDate", null, "1990-05-01"), log[2].Changes(true));
        Assert.Contains(new FieldChange("city", null, "Almaty"), log[2].Changes(true));

        // The integration API fills a blank (never overwrites) and says who filled it.
        var other = await Scenario.RegisterAsync("+77015556002", "Bek");
        await Database.Get<UpsertCustomer>().HandleAsync(Scenario.Partner.Id, new CustomerUpsert("+77015556002", "Someone else", "Omarov", null, null, null));
        var filled = Assert.Single(await ProfileLogAsync(other.Id));
        Assert.Equal($"api:{Scenario.Partner.Name}", filled.Actor);
        Assert.Equal([new FieldChange("lastName", null, "Omarov")], filled.Changes(true));
        Assert.Equal(Scenario.Partner.Id, filled.PartnerId);
    }

    [Fact]
    public async Task DeletingTheAccount_ErasesTheOldAndNewValues_AndKeepsWhoWhenAndWhichFields()
    {
        var member = await Scenario.RegisterAsync("+77015556011", "Aru");
        var other = await Scenario.RegisterAsync("+77015556012", "Bek");
        await Database.Get<MemberProfile>().SaveAsync(member.Id, new MemberProfileForm("Aruzhan", "Sadykova", new DateOnly(1990, 5, 1), Gender.Female, "Almaty", "ru"));
        await Database.Get<EditMemberProfile>().HandleAsync(member.Id,
            new OperatorProfileForm("Aruzhan", "Sadykova", "aruzhan.private@example.com", new DateOnly(1990, 5, 1), Gender.Female, "Astana"), "ops@test");
        await Database.Get<EditMemberProfile>().HandleAsync(other.Id,
            new OperatorProfileForm("Bekzat", null, null, null, Gender.Unspecified, "Shymkent"), "ops@test");
        var before = await ProfileLogAsync(member.Id);
        Assert.Equal(2, before.Count);

        Database.Clock.Advance(TimeSpan.FromDays(3));
        await Database.Get<DeleteMemberAccount>().HandleAsync(member.Id);

        var after = await ProfileLogAsync(member.Id);
        // The books keep who changed which fields and when...
        Assert.Equal(before.Select(r => (r.Id, r.OccurredAt, r.Actor, r.Kind, r.Summary)), after.Select(r => (r.Id, r.OccurredAt, r.Actor, r.Kind, r.Summary)));
        Assert.Equal(before.Select(r => r.Changes(true).Select(c => c.Field).ToList()), after.Select(r => r.Changes(true).Select(c => c.Field).ToList()));
        Assert.Equal(["email", "city"], after[0].Changes(true).Select(c => c.Field));
        // ...the values are gone, for admins too, in the export line as well.
        Assert.All(after, r => Assert.True(r.ValuesErased));
        Assert.All(after.SelectMany(r => r.Changes(true)), c => Assert.True(c.Old is null && c.New is null));
        Assert.Equal("email, city: values erased with the account", after[0].DescribeChanges(true));
        await using (var db = Database.Open())
        {
            var raw = await db.AuditChangeValues.Where(v => v.CustomerId == member.Id).ToListAsync();
            Assert.Equal(2, raw.Count);
            Assert.All(raw, v => Assert.Equal(Database.Clock.GetUtcNow().UtcDateTime, v.ErasedAt));
            Assert.All(raw, v => Assert.DoesNotContain("Aruzhan", v.Changes));
            Assert.All(raw, v => Assert.DoesNotContain("aruzhan.private", v.Changes));
            Assert.All(raw, v => Assert.DoesNotContain("Almaty", v.Changes));
        }

        // Another member's changes keep their values.
        var kept = Assert.Single(await ProfileLogAsync(other.Id));
        Assert.False(kept.ValuesErased);
        Assert.Contains(new FieldChange("city", null, "Shymkent"), kept.Changes(true));
    }
}

/// <summary>The data log's Excel export carries old → new; phones and e-mails are full for operator admins only.</summary>
public class PersonalDataChangeExportTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Export_ShowsOldToNew_MaskedForStaff_FullForAdmins()
    {
        var scenario = await Scenario.CreateAsync(_app.Services);
        var member = await scenario.RegisterAsync("+77015556004", "Aru");
        await _app.Services.GetRequiredService<EditMemberProfile>().HandleAsync(member.Id,
            new OperatorProfileForm("Aru", null, "aru.secret@example.com", null, Gender.Unspecified, "Astana"), "someone@test");
        await _app.CreateStaffAsync("staff@ops.local", Roles.OperatorStaff);
        await _app.CreateStaffAsync("admin@ops.local", Roles.OperatorAdmin);

        async Task<string> ChangesCellAsync(string user)
        {
            var client = _app.CreateBrowserLikeClient();
            await FormSignIn.StaffAsync(client, user, "Passw0rd!");
            var file = await client.GetAsync("/files/audit.xlsx?category=customer");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            using var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync());
            var sheet = workbook.Worksheet(1);
            Assert.Equal("Changes (old → new)", sheet.Cell(1, 7).GetString());
            return sheet.RowsUsed().Skip(1).Select(r => r.Cell(7).GetString()).Single(s => s.Contains("city"));
        }

        var staff = await ChangesCellAsync("staff@ops.local");
        Assert.Contains("city: (empty) → Astana", staff);
        Assert.DoesNotContain("aru.secret", staff);
        Assert.Contains("email: (empty) → a***@example.com", staff);
        var admin = await ChangesCellAsync("admin@ops.local");
        Assert.Contains("email: (empty) → aru.secret@example.com", admin);
    }
}
