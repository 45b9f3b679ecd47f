using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>The embedded engine: one SQLite file in WAL mode, one app instance.</summary>
public static class SqliteStorage
{
    public const string DatabaseFileName = "selligentportal.db";

    /// <param name="services">The app's services.</param>
    /// <param name="connectionString">The database file's connection string.</param>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(
            options => options.UsePortalSqlite(connectionString),
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DbContextOptions<SqlitePortalDbContext>>();
            return new PortalDbFactory(scope => new SqlitePortalDbContext(options, scope));
        });
        services.AddSingleton<WalWriteGate>();
        services.AddSingleton<SqliteIngestionStore>();
        services.AddSingleton<IIngestionStore>(sp => sp.GetRequiredService<SqliteIngestionStore>());
        services.AddSingleton<IStorageEngine>(sp => new SqliteEngine(sp.GetRequiredService<PortalDbFactory>(), connectionString));
        services.AddHostedService<WalCheckpointHost>();

        // One instance: notices are calls, locks are in-process.
        services.AddSingleton<IClusterNotices, LocalNotices>();
        services.AddSingleton<IClusterLock, LocalLock>();
        return services;
    }

    /// <summary>Contexts on a SQLite database without the app's services (benchmarks, tests).</summary>
    public static PortalDbFactory CreateFactory(string connectionString)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        options.UsePortalSqlite(connectionString);
        return new PortalDbFactory(scope => new SqlitePortalDbContext(options.Options, scope));
    }

    /// <summary>What a start does to the database: write-ahead log mode, then every pending migration.</summary>
    public static async Task MigrateAsync(PortalDbFactory dbFactory, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateUnrestricted();
        await SqliteConnectionSetup.EnableWriteAheadLogAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary><c>Database:ConnectionString</c>, or the file in <c>Database:DataFolder</c> (relative to the content root), its folder created.</summary>
    public static string ConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        // Relative SQLite paths resolve against the working directory, so anchor to the content root.
        var folder = Path.IsPathRooted(options.DataFolder) ? options.DataFolder : Path.Combine(contentRoot, options.DataFolder);
        return SqliteConnectionSetup.ConnectionStringForFile(Path.Combine(folder, DatabaseFileName));
    }

    private sealed class SqliteEngine(PortalDbFactory dbFactory, string connectionString) : IStorageEngine, IDisposable
    {
        // Held for the process's life: the operating system releases it when the process ends, however it ends.
        private FileStream? _instanceLock;

        public string Name => DatabaseOptions.Sqlite;

        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            _instanceLock = ClaimSoleInstance(connectionString);
            await MigrateAsync(dbFactory, cancellationToken);
        }

        public void Dispose() => _instanceLock?.Dispose();

        /// <summary>
        /// SQLite serves one app instance: its single writer, caches and background jobs are the
        /// process's own. A second process on the same file is refused before it touches anything.
        /// </summary>
        private static FileStream? ClaimSoleInstance(string connectionString)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
            if (string.IsNullOrEmpty(file) || file == ":memory:" || file.StartsWith("file:", StringComparison.Ordinal))
            {
                return null;
            }

            var path = Path.GetFullPath(file) + ".instance";
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new PortalStartupException(
                    $"{DatabaseOptions.SectionName}:DataFolder: another SelligentPortal process already serves the SQLite database {Path.GetFullPath(file)}. "
                    + $"SQLite serves one instance; to run several, use PostgreSQL ({DatabaseOptions.SectionName}:Provider=PostgreSql).");
            }
        }
    }
}

/// <summary>
/// Checkpoints the SQLite write-ahead log twice a second, since the ingestion writer leaves that to it
/// (see <see cref="SqliteConnectionSetup.PrepareIngestionWriterAsync"/>).
/// Why twice a second, measured: docs/decisions/0005-ingestion-writer.md, "checkpoints beside the writer".
/// </summary>
internal sealed class WalCheckpointHost(PortalDbFactory dbFactory, WalWriteGate gate, ILogger<WalCheckpointHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var db = dbFactory.CreateUnrestricted();
                await SqliteConnectionSetup.CheckpointAsync(db, gate, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checkpointing the write-ahead log failed; trying again shortly");
            }
        }
    }
}
