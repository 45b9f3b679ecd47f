using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Cluster;

/// <summary>A background job runs once per period, whichever instance's timer ticks, and never twice at once.</summary>
public sealed class BackgroundJobsTests : IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly string _folder = Directory.CreateTempSubdirectory("jobs-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly LocalLock _lock = new();
    private PortalDbFactory _db = default!;

    public async ValueTask InitializeAsync()
    {
        _db = SqliteStorage.CreateFactory(SqliteConnectionSetup.ConnectionStringForFile(Path.Combine(_folder, "jobs.db")));
        await using var db = _db.CreateUnrestricted();
        await db.Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>An instance's view of the jobs: they share the database and the lock, as instances on one server do.</summary>
    private BackgroundJobs Instance() => new(_lock, _db, _clock);

    [Fact]
    public async Task RunOnceAsync_TwoInstancesTickingInOnePeriod_RunItOnce()
    {
        var runs = 0;
        Task Job(CancellationToken _) => Task.FromResult(++runs);

        Assert.True(await Instance().RunOnceAsync("purge", Hour, Job, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.False(await Instance().RunOnceAsync("purge", Hour, Job, CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(45));
        Assert.True(await Instance().RunOnceAsync("purge", Hour, Job, CancellationToken.None));

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunOnceAsync_SlowRun_NextPeriodCountsFromWhenItStarted()
    {
        var runs = 0;
        Assert.True(await Instance().RunOnceAsync("purge", Hour, _ =>
        {
            runs++;
            // The run takes 50 minutes: the next is due an hour after it started, not after it ended.
            _clock.Advance(TimeSpan.FromMinutes(50));
            return Task.CompletedTask;
        }, CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await Instance().RunOnceAsync("purge", Hour, _ => Task.FromResult(++runs), CancellationToken.None));

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunOnceAsync_WhileAnotherInstanceRunsIt_SkipsAndOthersJobsStillRun()
    {
        var release = new TaskCompletionSource();
        var first = Instance().RunOnceAsync("purge", Hour, _ => release.Task, CancellationToken.None);

        var second = await Instance().RunOnceAsync("purge", Hour, _ => Task.CompletedTask, CancellationToken.None);
        var other = await Instance().RunOnceAsync("statistics", Hour, _ => Task.CompletedTask, CancellationToken.None);
        release.SetResult();

        Assert.False(second);
        Assert.True(other);
        Assert.True(await first);
    }
}
