using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Persistence.PostgreSql;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL cluster services in process (Persistence/PostgreSql/PostgreSqlNotices.cs and
/// PostgreSqlLock.cs): each "instance" here is a data source of its own, as each app process has one.
/// </summary>
public sealed class PostgreSqlClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<IAsyncDisposable> _owned = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Notices_PublishedOnOneInstance_ReachEachInstanceOnce()
    {
        var (first, firstSeen) = await ListeningInstanceAsync("first");
        var (second, secondSeen) = await ListeningInstanceAsync("second");

        await first.PublishAsync(NoticeTopic.WriteKeys, "spk_abc");
        await second.PublishAsync(NoticeTopic.Configuration, "customer-1");

        await WaitUntilAsync(() => secondSeen.Contains("WriteKeys:spk_abc") && firstSeen.Contains("Configuration:customer-1"));
        // Its own notice comes back to an instance through NOTIFY too: it must not be delivered twice.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(["Configuration:customer-1", "WriteKeys:spk_abc"], firstSeen.Order(StringComparer.Ordinal));
        Assert.Equal(["Configuration:customer-1", "WriteKeys:spk_abc"], secondSeen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Notices_ListeningConnectionCut_ReconnectsAndSubscribersDropTheirCaches()
    {
        var lost = 0;
        var (listener, seen) = await ListeningInstanceAsync("listener", () => Interlocked.Increment(ref lost));
        var (sender, _) = await ListeningInstanceAsync("sender");
        // The first connection counts too: nothing was heard before it.
        Assert.Equal(1, Volatile.Read(ref lost));

        await TerminateAsync("listener");

        // Whatever was sent meanwhile is lost, so the subscriber is told to drop what it cached.
        await WaitUntilAsync(() => Volatile.Read(ref lost) == 2);
        // And the new connection listens: notices from the other instance arrive again.
        await sender.PublishAsync(NoticeTopic.Commits, "after-reconnect");
        await WaitUntilAsync(() => seen.Contains("Commits:after-reconnect"));
        Assert.False(listener.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task Lock_HeldByOneInstance_ExcludesAnotherUntilReleased()
    {
        var first = new PostgreSqlLock(DataSource("lock-first"));
        var second = new PostgreSqlLock(DataSource("lock-second"));

        var held = await first.TryAcquireAsync("job:test");
        Assert.NotNull(held);
        // Other work on the same data source returns pooled connections (Npgsql resets them): the lock stays.
        await using (var command = DataSource("lock-first").CreateCommand("SELECT 1"))
        {
            await command.ExecuteScalarAsync();
        }

        Assert.Null(await second.TryAcquireAsync("job:test"));
        await using (var other = await second.TryAcquireAsync("job:other"))
        {
            Assert.NotNull(other);
        }

        var waiting = second.AcquireAsync("job:test");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(waiting.IsCompleted, "The lock was given to a second holder while the first held it.");

        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(Patience);
        Assert.Null(await first.TryAcquireAsync("job:test"));
    }

    [Fact]
    public async Task Lock_HolderConnectionCut_IsReleased()
    {
        var crashed = new PostgreSqlLock(DataSource("lock-crashed"));
        var survivor = new PostgreSqlLock(DataSource("lock-survivor"));
        var held = await crashed.TryAcquireAsync("job:test");
        Assert.NotNull(held);
        Assert.Null(await survivor.TryAcquireAsync("job:test"));

        // As when the holding process is killed: its session ends, and the lock with it.
        await TerminateAsync("lock-crashed");

        // pg_terminate_backend only signals the session; it ends, and lets go of the lock, a moment later.
        // The dead holder is not disposed: its connection is gone, and releasing through it would fail.
        var deadline = DateTime.UtcNow + Patience;
        IAsyncDisposable? taken;
        while ((taken = await survivor.TryAcquireAsync("job:test")) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The lock of an ended session was still held after 10 seconds.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        await taken.DisposeAsync();
    }

    /// <summary>An instance's notices, started and listening; what it delivers is recorded as "Topic:payload".</summary>
    private async Task<(PostgreSqlNotices Notices, ConcurrentQueue<string> Seen)> ListeningInstanceAsync(string name, Action? onLost = null)
    {
        var seen = new ConcurrentQueue<string>();
        var notices = new PostgreSqlNotices(DataSource(name), new NoticeSubscribers(NullLogger<NoticeSubscribers>.Instance), NullLogger<PostgreSqlNotices>.Instance);
        foreach (var topic in Enum.GetValues<NoticeTopic>())
        {
            // Told once per lost link (by the first topic's subscription), as one cache would be.
            notices.Subscribe(topic, payload => seen.Enqueue($"{topic}:{payload}"), topic == default && onLost is not null ? onLost : () => { });
        }

        await notices.StartAsync(CancellationToken.None);
        _owned.Add(new Stopping(notices));
        await notices.Listening.WaitAsync(Patience);
        return (notices, seen);
    }

    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _dataSources = new();

    /// <summary>A data source of its own per name, its sessions named after it so a test can end them.</summary>
    private NpgsqlDataSource DataSource(string name) => _dataSources.GetOrAdd(name, _ =>
    {
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.Settings["Database:ConnectionString"]) { ApplicationName = name }.ConnectionString);
        _owned.Add(dataSource);
        return dataSource;
    });

    /// <summary>Ends the sessions of the named data source from outside, as a server restart or a network cut would.</summary>
    private async Task TerminateAsync(string name)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("name", name);
        command.Parameters.Add(parameter);
        Assert.NotEqual(0L, await command.ExecuteScalarAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 10 seconds.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private sealed class Stopping(PostgreSqlNotices notices) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await notices.StopAsync(CancellationToken.None);
            notices.Dispose();
        }
    }
}
