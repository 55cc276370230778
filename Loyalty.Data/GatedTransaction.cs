using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Data;

/// <summary>A transaction that releases its writer gate when it ends, however it ends.</summary>
internal sealed class GatedTransaction(IDbContextTransaction inner, SemaphoreSlim gate) : IDbContextTransaction
{
    private int _released;

    public Guid TransactionId => inner.TransactionId;

    public void Commit() => inner.Commit();

    public Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

    public void Rollback() => inner.Rollback();

    public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

    public bool SupportsSavepoints => inner.SupportsSavepoints;

    public Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.CreateSavepointAsync(name, cancellationToken);

    public Task RollbackToSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.RollbackToSavepointAsync(name, cancellationToken);

    public Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => inner.ReleaseSavepointAsync(name, cancellationToken);

    public void Dispose()
    {
        try { inner.Dispose(); }
        finally { Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        try { await inner.DisposeAsync(); }
        finally { Release(); }
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
    }
}
