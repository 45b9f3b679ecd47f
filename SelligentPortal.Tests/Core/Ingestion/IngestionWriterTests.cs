using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion;

/// <summary>The single writer's queue (bounded by bytes) and what it does when storage fails.</summary>
public sealed class IngestionWriterTests : IDisposable
{
    private static readonly SourceContext Source = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), false, null, null);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private IngestionWriter Writer(IIngestionStore store, int queueMegabytes = 64) => new(
        store, new IngestionMetrics(_services.GetRequiredService<IMeterFactory>()),
        new CommitNotifications(NullLogger<CommitNotifications>.Instance, TestNotices.Local()),
        Microsoft.Extensions.Options.Options.Create(new IngestionOptions { WriterQueueMegabytes = queueMegabytes }), NullLogger<IngestionWriter>.Instance);

    /// <summary>A request of about <paramref name="kilobytes"/> KB of events.</summary>
    private static PendingWrite Request(int kilobytes = 1) =>
        new(Source, [new PreparedEvent { Incoming = new IncomingEvent("m", "track", "E", "u", new byte[kilobytes * 1024], null), Status = EventStatus.Skipped }], DateTime.UtcNow);

    [Fact]
    public void TryEnqueue_PastTheByteBudget_IsRefusedUntilTheQueueDrains()
    {
        var writer = Writer(new RecordingStore(), queueMegabytes: 1);

        Assert.True(writer.TryEnqueue(Request(600)));
        Assert.False(writer.TryEnqueue(Request(600)));
        Assert.True(writer.TryEnqueue(Request(300)));
        Assert.InRange(writer.QueuedBytes, 900 * 1024, 1024 * 1024);
    }

    [Fact]
    public void TryEnqueue_ARequestLargerThanTheBudget_PassesAnEmptyQueue()
    {
        var writer = Writer(new RecordingStore(), queueMegabytes: 1);

        Assert.True(writer.TryEnqueue(Request(2048)));
        Assert.False(writer.TryEnqueue(Request(1)));
    }

    [Fact]
    public async Task RunAsync_WrittenGroups_GiveTheirBytesBack()
    {
        var store = new RecordingStore();
        var writer = Writer(store, queueMegabytes: 1);
        var first = Request(600);
        Assert.True(writer.TryEnqueue(first));
        var loop = writer.RunAsync(TestContext.Current.CancellationToken);

        await first.Completion.Task;
        writer.Close();
        await loop;

        Assert.Equal(0, writer.QueuedBytes);
    }

    [Fact]
    public async Task RunAsync_StorageFaultOnCommit_HaltsAndRefusesEverythingAfter()
    {
        var store = new RecordingStore { Fault = new IOException("fsync failed") };
        var writer = Writer(store);
        var first = Request();
        writer.TryEnqueue(first);

        var loop = writer.RunAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<IngestionUnavailableException>(() => first.Completion.Task);
        await loop;

        Assert.Same(store.Fault, await writer.Halted);
        Assert.True(writer.IsClosed);
        Assert.False(writer.TryEnqueue(Request()));
        Assert.Equal(1, store.Groups);
    }

    [Fact]
    public async Task RunAsync_OtherErrorOnCommit_FailsThatGroupOnlyAndGoesOn()
    {
        var store = new RecordingStore { Fault = new InvalidOperationException("constraint failed") };
        var writer = Writer(store);
        var first = Request();
        writer.TryEnqueue(first);
        var loop = writer.RunAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<IngestionUnavailableException>(() => first.Completion.Task);

        store.Fault = null;
        var second = Request();
        Assert.True(writer.TryEnqueue(second));
        await second.Completion.Task;
        writer.Close();
        await loop;

        Assert.False(writer.Halted.IsCompleted);
        Assert.Equal(2, store.Groups);
    }

    [Fact]
    public async Task ReplayAsync_QueuedBehindRequests_IsStoredAfterThemInItsOwnTransaction()
    {
        var store = new RecordingStore();
        var writer = Writer(store);
        var request = Request();
        writer.TryEnqueue(request);
        var replay = writer.ReplayAsync(Source.CustomerId, [(1, request.Events[0])]);
        var after = Request();
        writer.TryEnqueue(after);

        var loop = writer.RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal([EventStatus.Skipped], await replay);
        await after.Completion.Task;
        writer.Close();
        await loop;

        Assert.Equal(["write 1", "replay 1", "write 1"], store.Calls);
    }

    [Fact]
    public async Task ReplayAsync_WhenTheWriterIsClosed_IsUnavailable()
    {
        var writer = Writer(new RecordingStore());
        writer.Close();

        await Assert.ThrowsAsync<IngestionUnavailableException>(() => writer.ReplayAsync(Source.CustomerId, []));
    }

    private sealed class RecordingStore : IIngestionStore
    {
        public Exception? Fault { get; set; }

        public int Groups { get; private set; }

        public List<string> Calls { get; } = [];

        /// <summary>This fake's storage faults are I/O errors; each engine's own rule is tested with its store.</summary>
        public bool IsStorageFault(Exception exception) => exception is IOException;

        public Task<IReadOnlyList<IngestionCounts>> WriteAsync(IReadOnlyList<PendingWrite> group, CancellationToken cancellationToken)
        {
            Groups++;
            Calls.Add($"write {group.Count}");
            return Fault is { } fault
                ? Task.FromException<IReadOnlyList<IngestionCounts>>(fault)
                : Task.FromResult<IReadOnlyList<IngestionCounts>>([.. group.Select(w => new IngestionCounts(w.Events.Count, 0, 0, 0, w.Events.Count, 0))]);
        }

        public Task<IReadOnlyList<EventStatus>> ReplayAsync(Guid customerId, IReadOnlyList<(long EventId, PreparedEvent Prepared)> events, CancellationToken cancellationToken)
        {
            Calls.Add($"replay {events.Count}");
            return Task.FromResult<IReadOnlyList<EventStatus>>([.. events.Select(e => e.Prepared.Status)]);
        }
    }
}
