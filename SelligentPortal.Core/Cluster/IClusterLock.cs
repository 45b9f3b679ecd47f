namespace SelligentPortal.Core.Cluster;

/// <summary>
/// A lock held across the app instances that share a database: background jobs run once, first-run
/// setup creates exactly one Admin. With one instance (SQLite) it is an in-process lock.
/// </summary>
public interface IClusterLock
{
    /// <summary>Waits for the named lock; dispose the result to release it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The named lock if nobody holds it now, else null.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>One instance: named in-process locks.</summary>
public sealed class LocalLock : IClusterLock
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(0, cancellationToken) ? new Held(gate) : null;
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
