using System.Buffers;

namespace SelligentPortal.Endpoints;

/// <summary>
/// A request body read into a buffer rented from the shared pool, never past a limit: a larger body
/// is refused as soon as it passes the limit, never buffered whole first. Ingestion and configuration
/// documents read their bodies through it.
/// </summary>
/// <remarks>
/// Pooled because a batch of 100 events is ~150 KB: allocated per request it landed on the large object
/// heap and made nearly every collection a gen2 one (measured: 34 gen2 against 3 gen0 in 5 s of
/// batches). Nothing outlives the request: events keep copies of their own bytes.
/// </remarks>
internal sealed class BoundedBody : IDisposable
{
    private byte[]? _buffer;
    private int _length;

    private BoundedBody(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, _length);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(BoundedBody));

    /// <summary>
    /// Reads <paramref name="stream"/> to its end; null when it holds more than <paramref name="limit"/>
    /// bytes. <paramref name="expectedLength"/> (such as Content-Length) only sizes the first buffer.
    /// Errors of the stream (bad gzip, broken framing) are the caller's to answer.
    /// </summary>
    public static async Task<BoundedBody?> ReadAsync(Stream stream, int limit, long? expectedLength, CancellationToken cancellationToken)
    {
        var body = new BoundedBody((int)Math.Min(limit + 1, expectedLength + 1 ?? 16 * 1024));
        try
        {
            while (true)
            {
                if (body._length == body.Buffer.Length)
                {
                    if (body.Buffer.Length > limit)
                    {
                        body.Dispose();
                        return null;
                    }

                    body.Grow(Math.Min(limit + 1, body.Buffer.Length * 2));
                }

                var read = await stream.ReadAsync(body.Buffer.AsMemory(body._length), cancellationToken);
                if (read == 0)
                {
                    return body;
                }

                body._length += read;
                if (body._length > limit)
                {
                    body.Dispose();
                    return null;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>The bytes read, to read again.</summary>
    public Stream AsStream() => new MemoryStream(Buffer, 0, _length, writable: false);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void Grow(int capacity)
    {
        var larger = ArrayPool<byte>.Shared.Rent(capacity);
        Buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(Buffer);
        _buffer = larger;
    }
}
