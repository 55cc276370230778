using Loyalty.Core.Points;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.PromoCodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mode = Loyalty.Tests.Infrastructure.FakeTopUpProvider.Mode;

namespace Loyalty.Tests.PromoCodes;

/// <summary>The HTTP gateway against a provider on loopback: success, refusal, timeout, duplicates and crash reconciliation.</summary>
public class TopUpTests : IAsyncLifetime
{
    private FakeTopUpProvider _provider = default!;
    private TestDatabase _database = default!;
    private Scenario _scenario = default!;
    private IReadOnlyList<string> _codes = [];
    private int _next;

    public async Task InitializeAsync()
    {
        _provider = await FakeTopUpProvider.StartAsync();
        _database = await TestDatabase.CreateAsync();
        var services = _database.Services;
        // The real HTTP gateway pointed at the fake provider; generous timeout, as the machine may be busy.
        Gateway = GatewayWithTimeout(15);
        _scenario = await Scenario.CreateAsync(services);
        await using (var db = _database.Open())
        {
            db.MobileOperators.Add(new MobileOperator("KZ", "Kcell", "kcell", "+7701,+7702"));
            await db.SaveChangesAsync();
        }
        var (maker, product) = await PromoTestData.MakerAsync(_database, points: 6);
        _codes = await PromoTestData.GeneratedCodesAsync(_database, maker.Id, product, 20);
    }

    private HttpTopUpGateway Gateway { get; set; } = default!;

    private HttpTopUpGateway GatewayWithTimeout(int seconds)
    {
        var http = new HttpClient();
        HttpTopUpGateway.Configure(http, new TopUpGatewayOptions { BaseUrl = _provider.BaseUrl, ApiKey = FakeTopUpProvider.ApiKey, TimeoutSeconds = seconds });
        return new HttpTopUpGateway(http);
    }

    private ProcessTopUps Process => ActivatorUtilities.CreateInstance<ProcessTopUps>(_database.Services, Gateway);

    private async Task<(Guid Customer, Guid Request)> RequestTopUpAsync(string phone)
    {
        var member = await _scenario.RegisterAsync(phone);
        var result = await _database.Get<ActivatePromoCode>().HandleAsync(new ActivationSource(member.Id, null, null), _codes[_next++], ActivationChannel.CustomerArea);
        Assert.True(result.TopUpRequested);
        await using var db = _database.Open();
        return (member.Id, await db.TopUpRequests.Where(r => r.CustomerId == member.Id).Select(r => r.Id).SingleAsync());
    }

    private async Task<TopUpRequest> LoadAsync(Guid id)
    {
        await using var db = _database.Open();
        return await db.TopUpRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private async Task<long> PromoBalanceAsync(Guid customer)
    {
        await using var db = _database.Open();
        var key = LedgerAccount.KeyFor(AccountKind.CustomerPromo, customer);
        return await db.LedgerAccounts.Where(a => a.Key == key).Select(a => a.Balance).SingleAsync();
    }

    [Fact]
    public async Task A_paid_top_up_succeeds_once()
    {
        var (_, id) = await RequestTopUpAsync("+77015551001");

        var run = await Process.HandleAsync();

        Assert.Equal(1, run.Succeeded);
        var request = await LoadAsync(id);
        Assert.Equal(TopUpStatus.Succeeded, request.Status);
        Assert.Equal("ref-" + id.ToString("N")[..8], request.ProviderReference);
        Assert.Equal(1, _provider.Payments[id.ToString("N")]);
        Assert.Equal(0, (await Process.HandleAsync()).Succeeded); // nothing left to send
    }

    [Fact]
    public async Task A_refused_top_up_fails_and_returns_the_points()
    {
        _provider.Modes["+77015551002"] = Mode.Refuse;
        var (customer, id) = await RequestTopUpAsync("+77015551002");
        Assert.Equal(0, await PromoBalanceAsync(customer));

        await Process.HandleAsync();

        var request = await LoadAsync(id);
        Assert.Equal(TopUpStatus.Failed, request.Status);
        Assert.Equal("Number not served", request.LastError);
        Assert.Equal(600, await PromoBalanceAsync(customer));
        Assert.False(_provider.Payments.ContainsKey(id.ToString("N")));
        await _scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task A_timeout_after_the_provider_paid_is_retried_with_the_same_id_and_paid_once()
    {
        _provider.Modes["+77015551003"] = Mode.PayButAnswerLate;
        var (_, id) = await RequestTopUpAsync("+77015551003");

        // The provider pays and answers after 3 s; this client gives up after 1 s.
        var impatient = ActivatorUtilities.CreateInstance<ProcessTopUps>(_database.Services, GatewayWithTimeout(1));
        var first = await impatient.HandleAsync();
        Assert.Equal(1, first.Retrying);
        var waiting = await LoadAsync(id);
        Assert.Equal((TopUpStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.Equal(0, (await Process.HandleAsync()).Retrying + (await Process.HandleAsync()).Succeeded); // backing off

        _database.Clock.Advance(TimeSpan.FromMinutes(2));
        _provider.Modes["+77015551003"] = Mode.Pay;
        var second = await Process.HandleAsync();

        Assert.Equal(1, second.Succeeded);
        Assert.Equal(TopUpStatus.Succeeded, (await LoadAsync(id)).Status);
        Assert.Equal(1, _provider.Payments[id.ToString("N")]);
        Assert.Equal(2, _provider.Calls.Count(c => c == $"POST {id:N}"));
    }

    [Fact]
    public async Task A_duplicate_send_is_answered_with_the_first_outcome()
    {
        var order = new TopUpOrder(Guid.NewGuid(), "+77015551004", "kcell", 60000, "KZT");
        var first = await Gateway.SendAsync(order, CancellationToken.None);
        var again = await Gateway.SendAsync(order, CancellationToken.None);
        Assert.Equal(TopUpOutcome.Succeeded, first.Outcome);
        Assert.Equal(first, again);
        Assert.Equal(1, _provider.Payments[order.RequestId.ToString("N")]);
    }

    [Fact]
    public async Task A_crash_between_sending_and_recording_is_reconciled_by_asking_the_provider()
    {
        var (_, id) = await RequestTopUpAsync("+77015551005");
        // The process sent the request, the provider paid, and the process died before recording the answer.
        await using (var db = _database.Open())
            await db.TopUpRequests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, TopUpStatus.Sending).SetProperty(r => r.Attempts, 1));
        var paid = await Gateway.SendAsync(new TopUpOrder(id, "+77015551005", "kcell", 60000, "KZT"), CancellationToken.None);
        Assert.Equal(TopUpOutcome.Succeeded, paid.Outcome);

        var run = await Process.HandleAsync();

        Assert.Equal(1, run.Succeeded);
        Assert.Contains($"GET {id:N}", _provider.Calls);
        Assert.Equal(1, _provider.Calls.Count(c => c == $"POST {id:N}"));
        Assert.Equal(1, _provider.Payments[id.ToString("N")]);
    }

    [Fact]
    public async Task A_provider_that_stays_down_fails_the_request_after_the_last_attempt_and_returns_the_points()
    {
        _provider.Modes["+77015551006"] = Mode.Down;
        var (customer, id) = await RequestTopUpAsync("+77015551006");
        var max = _database.Get<PromoCodeSettings>().TopUpMaxAttempts;

        for (var i = 0; i < max; i++)
        {
            await Process.HandleAsync();
            _database.Clock.Advance(TimeSpan.FromHours(1));
        }

        var request = await LoadAsync(id);
        Assert.Equal((TopUpStatus.Failed, max), (request.Status, request.Attempts));
        Assert.Equal(600, await PromoBalanceAsync(customer));
        await _scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task A_number_of_no_known_operator_waits_for_the_operator_who_can_settle_it_by_hand()
    {
        var (customer, id) = await RequestTopUpAsync("+77475551007");
        Assert.Equal(TopUpStatus.NeedsReview, (await LoadAsync(id)).Status);
        Assert.Equal(0, (await Process.HandleAsync()).Succeeded);

        var resolve = ActivatorUtilities.CreateInstance<ResolveTopUp>(_database.Services, Process);
        await Assert.ThrowsAsync<Loyalty.Core.Common.ValidationException>(() => resolve.MarkFailedAsync(id, "", "op"));
        await resolve.MarkFailedAsync(id, "Altel is not supported by the provider", "op");
        Assert.Equal(TopUpStatus.Failed, (await LoadAsync(id)).Status);
        Assert.Equal(600, await PromoBalanceAsync(customer));
        await Assert.ThrowsAsync<Loyalty.Core.Common.DomainException>(() => resolve.MarkPaidAsync(id, "Paid in the back office", "op"));
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }
}
