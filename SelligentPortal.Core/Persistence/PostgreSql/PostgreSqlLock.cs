using Npgsql;
using SelligentPortal.Core.Cluster;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>
/// Cluster locks as PostgreSQL session advisory locks, each on a connection of its own held open until
/// the lock is released: Npgsql releases a session's advisory locks when a pooled connection goes back
/// to the pool, so the lock and its connection live and end together.
/// </summary>
public sealed class PostgreSqlLock(NpgsqlDataSource dataSource) : IClusterLock
{
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default) =>
        (await LockAsync(name, "pg_advisory_lock", cancellationToken))!;

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken = default) =>
        LockAsync(name, "pg_try_advisory_lock", cancellationToken);

    private async Task<IAsyncDisposable?> LockAsync(string name, string function, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // Namespaced, so other applications' advisory locks on the same server never collide with ours.
            await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended($1, 0))::text", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = "selligentportal:" + name });
            // pg_advisory_lock returns void (empty text), pg_try_advisory_lock a boolean.
            var result = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (result == "false")
            {
                await connection.DisposeAsync();
                return null;
            }

            return new Held(connection, name);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended($1, 0))", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = "selligentportal:" + name });
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The session is gone, and with it the lock: nothing is left to release.
            }
            finally
            {
                // Closing also ends the session, and with it any lock it still held.
                await connection.DisposeAsync();
            }
        }
    }
}
