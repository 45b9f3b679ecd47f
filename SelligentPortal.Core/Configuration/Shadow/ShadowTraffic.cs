using System.Collections.Frozen;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// Shadow runs on this instance's live traffic. An ingestion request pays a dictionary lookup and, for
/// a customer with an active run, one enqueue after its commit; a background loop maps those events
/// with the draft, compares and aggregates in memory, and stores this instance's tally every second.
/// The comparisons take at most their share of the processor time
/// (<see cref="IngestionOptions.ShadowRunCpuShare"/>, with a few seconds' share saved for a burst);
/// past it, or when the queue is full, events are counted as not compared: ingestion never waits, and
/// at full load keeps all but that share of the machine.
/// </summary>
/// <remarks>
/// Only events live mapped are compared (applied, failed, skipped; not deletes or events refused on
/// arrival), and a request whose events were all duplicates (a retry) is not offered at all. With several
/// instances each stops at the run's count less what the others had stored a second earlier, so a
/// count can be passed by up to a second of traffic.
/// </remarks>
public sealed class ShadowTraffic
{
    /// <summary>Events waiting for the comparison at most (about 3 KB each in memory).</summary>
    public const int MaxQueuedEvents = 5_000;

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ShadowRunService _runs;
    private readonly ILogger<ShadowTraffic> _logger;
    private readonly ShadowBudget _budget;
    private readonly TimeProvider _clock;
    private readonly Channel<ShadowWork> _queue = Channel.CreateUnbounded<ShadowWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile FrozenDictionary<Guid, RunState> _active = FrozenDictionary<Guid, RunState>.Empty;
    private Dictionary<long, RunState> _states = [];
    private long _queued;

    public ShadowTraffic(ShadowRunService runs, IOptions<IngestionOptions> options, TimeProvider clock, ILogger<ShadowTraffic> logger)
    {
        (_runs, _logger, _clock) = (runs, logger, clock);
        _budget = new ShadowBudget(options.Value.ShadowRunCpuShare, Environment.ProcessorCount, clock);
        runs.OnChanged(RefreshNowAsync);
    }

    /// <summary>This process among the instances: its tally rows carry it.</summary>
    public string InstanceId { get; } = $"{Guid.NewGuid():N}:{Environment.ProcessId}:{Environment.MachineName}" is var id && id.Length > 100 ? id[..100] : id;

    /// <summary>
    /// The hot path: called with a request's committed events, mapped by live with <paramref name="live"/>.
    /// Never blocks and never throws for the request.
    /// </summary>
    public void Offer(Guid customerId, IReadOnlyList<PreparedEvent> events, CompiledConfiguration live, DateTime receivedAtUtc, int duplicates)
    {
        if (!_active.TryGetValue(customerId, out var run) || run.Ended || duplicates >= events.Count)
        {
            return;
        }

        if (Interlocked.Add(ref _queued, events.Count) > MaxQueuedEvents
            || !_queue.Writer.TryWrite(new ShadowWork(run, events, live.Document.InternalDataSource.Name, receivedAtUtc)))
        {
            Interlocked.Add(ref _queued, -events.Count);
            NotCompared(run, events.Count);
        }
    }

    private static void NotCompared(RunState run, int events)
    {
        Interlocked.Add(ref run.NotCompared, events);
        Interlocked.Add(ref run.Seen, events);
    }

    /// <summary>The background loops: comparing, and every second storing tallies and looking for started and ended runs.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var comparing = Task.Run(() => CompareLoopAsync(stoppingToken), CancellationToken.None);
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshNowAsync();
            try
            {
                await Task.Delay(RefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _queue.Writer.TryComplete();
        await comparing;
        await RefreshNowAsync();
    }

    private async Task CompareLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (_queue.Reader.TryRead(out var work))
                {
                    Interlocked.Add(ref _queued, -work.Events.Count);
                    // Past its share, events are let go at once rather than kept waiting: measured at full
                    // load, a queue held full (even of 1,000 events) cost 7-12% of throughput against ~1%,
                    // its events surviving into the garbage collector's older generations.
                    if (!_budget.HasTime)
                    {
                        NotCompared(work.Run, work.Events.Count);
                        continue;
                    }

                    var started = _clock.GetTimestamp();
                    try
                    {
                        Compare(work);
                    }
                    catch (Exception e)
                    {
                        _logger.LogWarning(e, "A shadow comparison failed; its events are left out");
                    }

                    _budget.Spend(_clock.GetElapsedTime(started));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is still queued is not compared.
        }
    }

    private static void Compare(ShadowWork work)
    {
        var run = work.Run;
        foreach (var live in work.Events)
        {
            if (run.Ended || Interlocked.Read(ref run.Seen) >= run.Limit)
            {
                return;
            }

            if (!ShadowComparison.IsComparable(live) || live.ConfigurationVersion != run.LiveVersion)
            {
                continue;
            }

            var draft = EventPreparation.Prepare(live.Incoming, (0, run.Draft), work.ReceivedAtUtc);
            var differences = ShadowComparison.Compare(live, work.LiveIdsTable, draft, run.DraftIdsTable);
            var incoming = live.Incoming;
            lock (run.Aggregate)
            {
                run.Aggregate.Add(new ShadowEventInfo(incoming.MessageId, incoming.Type, incoming.EventName, work.ReceivedAtUtc),
                    EventStatusNames.Name(live.Status), EventStatusNames.Name(draft.Status), draft.Reason, differences);
            }

            // Counted after it is aggregated: a tally stored for this count holds the event.
            Interlocked.Increment(ref run.Seen);
        }
    }

    /// <summary>Stores tallies and takes on started and ended runs; never throws (the next second tries again).</summary>
    private async Task RefreshNowAsync()
    {
        await _refreshing.WaitAsync();
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Shadow runs could not be refreshed; trying again in a second");
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // This instance's counts first, so the runs' totals below include them.
        foreach (var state in _states.Values)
        {
            await FlushAsync(state, cancellationToken);
        }

        var next = new Dictionary<long, RunState>();
        foreach (var run in await _runs.ActiveRunsAsync(cancellationToken))
        {
            if (!_states.TryGetValue(run.Id, out var state) && (state = await StartAsync(run, cancellationToken)) is null)
            {
                continue;
            }

            // The others' events are the total less this instance's stored share.
            state.Limit = run.MaxEvents is { } max ? max - (run.Events - state.FlushedSeen) : long.MaxValue;
            next[run.Id] = state;
        }

        foreach (var ended in _states.Values.Where(s => !next.ContainsKey(s.Id)))
        {
            ended.Ended = true;
            await FlushAsync(ended, cancellationToken);
        }

        _states = next;
        _active = next.Values.GroupBy(s => s.CustomerId).ToFrozenDictionary(g => g.Key, g => g.MaxBy(s => s.Id)!);
    }

    private async Task<RunState?> StartAsync(ActiveShadowRun run, CancellationToken cancellationToken)
    {
        CompiledConfiguration? draft = null;
        try
        {
            if (await _runs.DocumentAsync(run.Id, cancellationToken) is { } document)
            {
                draft = MappingCompiler.Compile(document);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The draft of shadow run {RunId} could not be compiled", run.Id);
        }

        if (draft is null)
        {
            await _runs.EndAsync(run.Id, ShadowEndReasons.DraftUnusable, cancellationToken);
            return null;
        }

        return new RunState(run, draft);
    }

    private async Task FlushAsync(RunState state, CancellationToken cancellationToken)
    {
        var seen = Interlocked.Read(ref state.Seen);
        if (seen == state.FlushedSeen)
        {
            return;
        }

        ShadowAggregate copy;
        lock (state.Aggregate)
        {
            copy = state.Aggregate.Copy();
        }

        copy.NotCompared = Interlocked.Read(ref state.NotCompared);
        await _runs.SaveTallyAsync(state.Id, state.CustomerId, InstanceId, seen, copy, cancellationToken);
        state.FlushedSeen = seen;
    }

    private sealed record ShadowWork(RunState Run, IReadOnlyList<PreparedEvent> Events, string LiveIdsTable, DateTime ReceivedAtUtc);

    /// <summary>One run on this instance: the compiled draft and this instance's share of the aggregates.</summary>
    private sealed class RunState(ActiveShadowRun run, CompiledConfiguration draft)
    {
        public long Id { get; } = run.Id;

        public Guid CustomerId { get; } = run.CustomerId;

        public int? LiveVersion { get; } = run.LiveVersion;

        public CompiledConfiguration Draft { get; } = draft;

        public string DraftIdsTable { get; } = draft.Document.InternalDataSource.Name;

        /// <summary>Locked while changed or copied.</summary>
        public ShadowAggregate Aggregate { get; } = new();

        /// <summary>This instance's events of the run: compared and not compared.</summary>
        public long Seen;

        public long NotCompared;

        /// <summary>Where this instance stops comparing (the run's count less the other instances' share).</summary>
        public long Limit = long.MaxValue;

        /// <summary>What the stored tally counts (none stored yet: 0).</summary>
        public long FlushedSeen;

        public volatile bool Ended;
    }
}
