using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>
/// The single writer with group commit: requests enqueue their prepared events and wait; the writer
/// takes everything queued, stores it in one transaction, and only then completes the requests, so
/// a 200 always means committed while durability costs one transaction per group, not per event.
/// Replays go through the same queue, in chunks between groups, so nothing else ever holds SQLite's
/// write lock for long (a large replay on its own connection could push the writer into its busy timeout).
/// </summary>
public sealed class IngestionWriter(
    IIngestionStore store, IngestionMetrics metrics, CommitNotifications notifications, IOptions<IngestionOptions> options, ILogger<IngestionWriter> logger)
{
    /// <summary>Events in one transaction at most; a long queue is written in several.</summary>
    public const int MaxEventsPerCommit = 5000;

    /// <summary>Requests waiting at most; past that, callers are told to retry (503).</summary>
    public const int MaxQueuedRequests = 2000;

    private readonly Channel<WriterWork> _queue = Channel.CreateBounded<WriterWork>(
        new BoundedChannelOptions(MaxQueuedRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly long _maxQueuedBytes = (long)options.Value.WriterQueueMegabytes * 1024 * 1024;
    private readonly TaskCompletionSource<Exception> _halted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _queuedBytes;
    private volatile bool _closed;

    /// <summary>True once shutdown began: new requests are refused, queued ones are still written.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// Completes (with the fault) when storage failed in a way that leaves what is on disk unknown: the
    /// writer then refuses everything, and the host stops the process so a restart recovers from disk.
    /// </summary>
    public Task<Exception> Halted => _halted.Task;

    /// <summary>Bytes of prepared events waiting for the writer.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>
    /// Queues a request's events; false when closed, or when the queue is full by count or by bytes
    /// (answer 503): memory is bounded however slow the disk gets. A request is always taken into an
    /// empty queue, so no request is too large to ever pass.
    /// </summary>
    public bool TryEnqueue(PendingWrite write)
    {
        if (_closed)
        {
            return false;
        }

        var queued = Interlocked.Add(ref _queuedBytes, write.Bytes);
        if ((queued > _maxQueuedBytes && queued != write.Bytes) || !_queue.Writer.TryWrite(write))
        {
            Interlocked.Add(ref _queuedBytes, -write.Bytes);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Stores a chunk of replayed events between two groups and returns their statuses. Not bound by the
    /// byte budget: a replay waits for each chunk before it sends the next, so it holds one at a time.
    /// </summary>
    /// <exception cref="IngestionUnavailableException">The writer is closed, or storing failed.</exception>
    public Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events)
    {
        var replay = new PendingReplay(customerId, events);
        return !_closed && _queue.Writer.TryWrite(replay)
            ? replay.Completion.Task
            : Task.FromException<IReadOnlyList<EventStatus>>(new IngestionUnavailableException("Ingestion is stopping or its queue is full; replay again shortly."));
    }

    /// <summary>Stops taking requests; the loop then writes what is queued and ends.</summary>
    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>The writer loop; ends when <see cref="Close"/> was called and the queue is drained, or when storage failed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var group = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            var events = 0;
            PendingReplay? replay = null;
            while (events < MaxEventsPerCommit && _queue.Reader.TryRead(out var work))
            {
                if (work is PendingReplay next)
                {
                    // The requests queued before it are written first, in their own transaction.
                    replay = next;
                    break;
                }

                var write = (PendingWrite)work;
                group.Add(write);
                events += write.Events.Count;
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group, cancellationToken);
                Interlocked.Add(ref _queuedBytes, -group.Sum(w => w.Bytes));
                group.Clear();
            }

            if (replay is not null && !Halted.IsCompleted)
            {
                await ReplayChunkAsync(replay, cancellationToken);
            }

            if (Halted.IsCompleted)
            {
                replay?.Completion.TrySetException(new IngestionUnavailableException("Storage failed; the service is restarting."));
                RefuseQueued();
                return;
            }
        }
    }

    private async Task ReplayChunkAsync(PendingReplay replay, CancellationToken cancellationToken)
    {
        try
        {
            replay.Completion.TrySetResult(await store.ReplayAsync(replay.CustomerId, replay.Events, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var storageFault = store.IsStorageFault(e);
            if (!storageFault)
            {
                logger.LogError(e, "Replaying {Count} events failed", replay.Events.Count);
            }

            replay.Completion.TrySetException(new IngestionUnavailableException("The database could not store the replayed events.", e));
            if (storageFault)
            {
                Halt(e);
            }
        }
    }

    private async Task WriteGroupAsync(List<PendingWrite> group, CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = await store.WriteAsync(group, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.LogDebug("Committed {Requests} requests ({Events} events) in {Milliseconds:F1} ms",
                    group.Count, group.Sum(w => w.Events.Count), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            for (var i = 0; i < group.Count; i++)
            {
                metrics.Record(results[i]);
                group[i].Completion.TrySetResult(results[i]);
            }

            notifications.Publish(group);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var storageFault = store.IsStorageFault(e);
            if (!storageFault)
            {
                logger.LogError(e, "Writing {Requests} ingestion requests failed; they are answered 503", group.Count);
            }

            // Nothing of the group was committed: every request is told to retry. Told before a halt
            // starts the app's shutdown, which would otherwise race their answers.
            foreach (var write in group)
            {
                write.Completion.TrySetException(new IngestionUnavailableException("The database could not store the events.", e));
            }

            if (storageFault)
            {
                Halt(e);
            }
        }
    }

    /// <summary>Halts the writer after a fault that leaves the disk's state unknown.</summary>
    private void Halt(Exception e)
    {
        // On Linux a failed fsync may have dropped the dirty pages it was to write, and a retried
        // fsync can then report success for data that never reached the disk. Nothing more is
        // written by this process: a restart recovers from what the disk really holds.
        logger.LogCritical(e, "The database reported an I/O error while storing events; ingestion stops and the app shuts down to recover from disk");
        _closed = true;
        _queue.Writer.TryComplete();
        _halted.TrySetResult(e);
    }

    private void RefuseQueued()
    {
        while (_queue.Reader.TryRead(out var work))
        {
            Interlocked.Add(ref _queuedBytes, -work.Bytes);
            work.Refuse(new IngestionUnavailableException("Storage failed; the service is restarting."));
        }
    }
}

/// <summary>What waits in the writer's queue: a request's events, or a chunk of a replay.</summary>
public abstract class WriterWork
{
    /// <summary>Roughly what the work holds in memory, for the writer's queue budget.</summary>
    public abstract long Bytes { get; }

    /// <summary>Tells its waiter that nothing was stored.</summary>
    internal abstract void Refuse(Exception reason);
}

/// <summary>A chunk of a customer's replayed events waiting for the writer.</summary>
public sealed class PendingReplay(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events) : WriterWork
{
    public Guid CustomerId { get; } = customerId;

    public IReadOnlyList<(long EventId, PreparedEvent Prepared)> Events { get; } = events;

    /// <summary>Replays are outside the byte budget: each waits for its chunk before the next.</summary>
    public override long Bytes => 0;

    public TaskCompletionSource<IReadOnlyList<EventStatus>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal override void Refuse(Exception reason) => Completion.TrySetException(reason);
}

/// <summary>One request's events waiting for the writer.</summary>
public sealed class PendingWrite : WriterWork
{
    // What an event costs in memory besides its bytes (objects, strings of ids and keys), roughly.
    private const int EventOverheadBytes = 512;

    public PendingWrite(SourceContext source, IReadOnlyList<PreparedEvent> events, DateTime receivedAtUtc, long? startedTimestamp = null)
    {
        (Source, Events, ReceivedAtUtc) = (source, events, receivedAtUtc);
        StartedTimestamp = startedTimestamp ?? System.Diagnostics.Stopwatch.GetTimestamp();
        Bytes = events.Sum(e => (long)EventOverheadBytes + e.Incoming.RawUtf8.Length + e.Interactions.Sum(i => i.FieldsUtf8.Length)
            + (e.IdsRecord?.Fields.Sum(f => f.Key.Length + f.Value.Length) ?? 0));
    }

    public SourceContext Source { get; }

    public IReadOnlyList<PreparedEvent> Events { get; }

    public DateTime ReceivedAtUtc { get; }

    /// <summary>The request's arrival (Stopwatch ticks; now when not given), for the receipt-to-commit latency.</summary>
    public long StartedTimestamp { get; }

    /// <summary>Roughly what the request's prepared events hold in memory, for the writer's queue budget.</summary>
    public override long Bytes { get; }

    public TaskCompletionSource<IngestionCounts> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal override void Refuse(Exception reason) => Completion.TrySetException(reason);
}

/// <summary>The events were not stored; the sender should retry later.</summary>
public sealed class IngestionUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
