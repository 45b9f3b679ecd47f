using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace SelligentPortal.Core.Ingestion;

/// <summary>
/// The single writer with group commit: requests enqueue their prepared events and wait; the writer
/// takes everything queued, stores it in one transaction, and only then completes the requests, so
/// a 200 always means committed while durability costs one transaction per group, not per event.
/// </summary>
public sealed class IngestionWriter(IngestionStore store, IngestionMetrics metrics, CommitNotifications notifications, ILogger<IngestionWriter> logger)
{
    /// <summary>Events in one transaction at most; a long queue is written in several.</summary>
    public const int MaxEventsPerCommit = 5000;

    /// <summary>Requests waiting at most; past that, callers are told to retry (503).</summary>
    public const int MaxQueuedRequests = 2000;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(MaxQueuedRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool _closed;

    /// <summary>True once shutdown began: new requests are refused, queued ones are still written.</summary>
    public bool IsClosed => _closed;

    /// <summary>Queues a request's events; false when closed or full (answer 503).</summary>
    public bool TryEnqueue(PendingWrite write)
    {
        if (_closed)
        {
            return false;
        }

        return _queue.Writer.TryWrite(write);
    }

    /// <summary>Stops taking requests; the loop then writes what is queued and ends.</summary>
    public void Close()
    {
        _closed = true;
        _queue.Writer.TryComplete();
    }

    /// <summary>The writer loop; ends when <see cref="Close"/> was called and the queue is drained.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var group = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync(cancellationToken))
        {
            var events = 0;
            while (events < MaxEventsPerCommit && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
                events += write.Events.Count;
            }

            await WriteGroupAsync(group, cancellationToken);
            group.Clear();
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
            // Nothing of the group was committed: every request is told to retry.
            logger.LogError(e, "Writing {Requests} ingestion requests failed; they are answered 503", group.Count);
            foreach (var write in group)
            {
                write.Completion.TrySetException(new IngestionUnavailableException("The database could not store the events.", e));
            }
        }
    }
}

/// <summary>One request's events waiting for the writer.</summary>
public sealed class PendingWrite(SourceContext source, IReadOnlyList<PreparedEvent> events, DateTime receivedAtUtc, long? startedTimestamp = null)
{
    public SourceContext Source { get; } = source;

    public IReadOnlyList<PreparedEvent> Events { get; } = events;

    public DateTime ReceivedAtUtc { get; } = receivedAtUtc;

    /// <summary>The request's arrival (Stopwatch ticks; now when not given), for the receipt-to-commit latency.</summary>
    public long StartedTimestamp { get; } = startedTimestamp ?? System.Diagnostics.Stopwatch.GetTimestamp();

    public TaskCompletionSource<IngestionCounts> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The events were not stored; the sender should retry later.</summary>
public sealed class IngestionUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
