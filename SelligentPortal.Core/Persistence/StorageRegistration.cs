using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence.PostgreSql;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Core.Persistence;

/// <summary>The database engine in use, behind one seam: everything that differs is registered by its engine's folder.</summary>
public interface IStorageEngine
{
    /// <summary>The engine's name, as <c>Database:Provider</c> gives it.</summary>
    string Name { get; }

    /// <summary>
    /// Readies the database and applies the migrations, before anything else uses it.
    /// </summary>
    /// <exception cref="PortalStartupException">The database cannot be reached or prepared; the message names the setting.</exception>
    Task InitializeAsync(CancellationToken cancellationToken);
}

/// <summary>Registers the engine <c>Database:Provider</c> names.</summary>
public static class StorageRegistration
{
    /// <exception cref="PortalStartupException">The settings name no engine, or not enough to connect to it.</exception>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, DatabaseOptions options, string contentRoot)
    {
        var validation = new PortalOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new PortalStartupException(string.Join(" ", validation.Failures!));
        }

        services.AddSingleton<Cluster.NoticeSubscribers>();
        services.AddSingleton<Cluster.BackgroundJobs>();

        return string.Equals(options.Provider, DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase)
            ? services.AddPostgreSqlStorage(options.ConnectionString!)
            : services.AddSqliteStorage(SqliteStorage.ConnectionString(options, contentRoot));
    }
}
