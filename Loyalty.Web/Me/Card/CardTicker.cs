namespace Loyalty.Web.Me.Card;

/// <summary>
/// Ticks once a second while a card is on screen so the countdown moves and the token is fetched again when its step
/// ends. One timer per open card page; disposed with the page.
/// </summary>
public sealed class CardTicker(Func<Task> onTick) : IAsyncDisposable
{
    private readonly PeriodicTimer _timer = new(TimeSpan.FromSeconds(1));
    private Task? _loop;

    public void Start() => _loop ??= RunAsync();

    private async Task RunAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync()) await onTick();
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away mid-tick: nothing to update.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        if (_loop is not null)
        {
            try { await _loop; } catch (Exception) { /* the page is gone */ }
        }
    }
}
