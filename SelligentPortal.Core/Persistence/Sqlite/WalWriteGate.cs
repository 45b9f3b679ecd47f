namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// Lets the checkpoint's short blocking step in between the ingestion writer's commits. SQLite's
/// locks are not fair: a writer that commits back to back takes the write lock again before a waiting
/// checkpoint's busy handler wakes up, so without this the checkpoint would give up under exactly
/// the load that needs it.
/// </summary>
public sealed class WalWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The log's length when the last restart ran: the log starts again from the top only with the
    /// writer's next commit, so a checkpoint that still finds this length has nothing to restart.
    /// </summary>
    internal long LogPagesAtRestart { get; set; } = -1;

    /// <summary>Waits for the other side's current step to finish; dispose the result to let it go on.</summary>
    public async Task<Entered> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Entered(_gate);
    }

    public readonly struct Entered(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
