namespace Loyalty.Web.Cards;

/// <summary>
/// Lets <see cref="System.IO.Compression.ZipArchive"/> stream into a response body that forbids synchronous writes:
/// in .NET 10.0 an entry's DisposeAsync still flushes its deflater synchronously, and so does the archive's central
/// directory. Synchronous writes are parked in a small buffer (one compressed sheet at most) and written out
/// asynchronously by <see cref="DrainAsync"/>, which the writer calls after every entry — memory stays bounded.
/// </summary>
internal sealed class DrainingStream(Stream inner) : Stream
{
    private readonly MemoryStream _parked = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _parked.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _parked.Write(buffer);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Nothing synchronous reaches the response; <see cref="DrainAsync"/> does the real work.</summary>
    public override void Flush() { }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_parked.Length == 0) return;
        await inner.WriteAsync(_parked.GetBuffer().AsMemory(0, (int)_parked.Length), cancellationToken);
        _parked.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
