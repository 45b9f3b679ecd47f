using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SelligentPortal.Core.Cluster;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>
/// Notices between instances through PostgreSQL's LISTEN/NOTIFY: one dedicated connection per
/// instance listens (a pooled connection would lose its LISTEN when it goes back to the pool), and
/// reconnects on its own. Notices sent while it was away are lost, so after every (re)connection the
/// instance's subscribers drop what they cached.
/// </summary>
public sealed class PostgreSqlNotices(NpgsqlDataSource dataSource, NoticeSubscribers subscribers, ILogger<PostgreSqlNotices> logger)
    : BackgroundService, IClusterNotices
{
    /// <summary>The channel every instance of the app listens on.</summary>
    public const string Channel = "selligentportal_notices";

    // NOTIFY takes at most 8,000 bytes; a longer notice says "everything".
    private const int MaxPayloadLength = 7_000;

    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);

    /// <summary>This process, so its own notices coming back are not delivered twice.</summary>
    private readonly string _instance = Guid.NewGuid().ToString("N");

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this instance listens (for tests and start-up order).</summary>
    public Task Listening => _listening.Task;

    public async Task PublishAsync(NoticeTopic topic, string payload, CancellationToken cancellationToken = default)
    {
        subscribers.Deliver(topic, payload);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter { Value = Channel });
            command.Parameters.Add(new NpgsqlParameter { Value = Format(_instance, topic, payload) });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The change is committed already: the other instances' caches still expire on their own (10 s at most).
            logger.LogWarning(e, "A {Topic} notice could not reach the other instances", topic);
        }
    }

    public void Subscribe(NoticeTopic topic, Action<string> onNotice, Action onNoticesLost) => subscribers.Add(topic, onNotice, onNoticesLost);

    /// <summary>A notice as NOTIFY carries it: "instance|topic|payload".</summary>
    public static string Format(string instance, NoticeTopic topic, string payload) =>
        $"{instance}|{(int)topic}|{(payload.Length > MaxPayloadLength ? NoticePayload.Everything : payload)}";

    /// <summary>The NOTIFY statement for a notice, to send inside another transaction (it is delivered when that commits).</summary>
    public string NotifyStatement => "SELECT pg_notify('" + Channel + "', $1)";

    /// <summary>The payload of a notice this instance sends inside its own transaction.</summary>
    public string Notice(NoticeTopic topic, string payload) => Format(_instance, topic, payload);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Receive(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was sent while this instance was not listening is lost: caches go.
                subscribers.NoticesLost();
                _listening.TrySetResult();
                delay = TimeSpan.FromMilliseconds(100);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(KeepAlive, stoppingToken))
                    {
                        // Nothing for a while: make sure the connection is still alive.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Listening for other instances' notices failed; reconnecting in {Delay} ms", delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private void Receive(string message)
    {
        var parts = message.Split('|', 3);
        if (parts.Length != 3 || parts[0] == _instance || !int.TryParse(parts[1], out var topic) || !Enum.IsDefined((NoticeTopic)topic))
        {
            return;
        }

        subscribers.Deliver((NoticeTopic)topic, parts[2]);
    }
}
