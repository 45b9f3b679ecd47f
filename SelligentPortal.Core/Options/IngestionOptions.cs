namespace SelligentPortal.Core.Options;

/// <summary>Ingestion settings (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Days raw event payloads are kept before they are purged.</summary>
    public int RawPayloadRetentionDays { get; set; } = 30;

    /// <summary>
    /// Seconds between runs of the retention purge (raw payloads, old dashboard statistics), which runs
    /// once per interval across every instance.
    /// </summary>
    public int RetentionPurgeIntervalSeconds { get; set; } = 3600;

    /// <summary>
    /// Memory the events waiting for the single writer may hold, in MB; past it, senders are told to
    /// retry (503 with Retry-After) instead of the process growing while the disk is slow.
    /// </summary>
    public int WriterQueueMegabytes { get; set; } = 64;

    /// <summary>
    /// How many app instances share the sources' rate limits: each instance allows its share (the limit
    /// divided by this). Set it to the number of instances behind the load balancer.
    /// </summary>
    public int RateLimitInstances { get; set; } = 1;

    /// <summary>
    /// The share of the machine's processor time a shadow run's comparisons may take (0.03: 3%). Past it
    /// events are counted as not compared instead of slowing ingestion at full load.
    /// </summary>
    public double ShadowRunCpuShare { get; set; } = 0.03;

    /// <summary>What an acknowledged event survives; see <see cref="IngestionDurability"/>.</summary>
    public IngestionDurability Durability { get; set; } = IngestionDurability.PowerLoss;
}

/// <summary>What an acknowledged event survives (configuration key <c>Ingestion:Durability</c>).</summary>
public enum IngestionDurability
{
    /// <summary>
    /// The default: the writer's commit is on disk before the answer (SQLite synchronous=FULL: the
    /// write-ahead log is synced at every commit, so a group commit pays one fsync for all its events).
    /// Acknowledged events survive a process crash and a power loss.
    /// </summary>
    PowerLoss,

    /// <summary>
    /// Faster: the commit is in the operating system, not yet on disk, when the answer goes (SQLite
    /// synchronous=NORMAL). Acknowledged events survive a process crash, but a power loss may lose the
    /// last second of acknowledged events.
    /// </summary>
    ProcessCrash,
}
