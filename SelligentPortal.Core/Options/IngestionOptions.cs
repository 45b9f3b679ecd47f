namespace SelligentPortal.Core.Options;

/// <summary>Ingestion settings (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Days raw event payloads are kept before they are purged.</summary>
    public int RawPayloadRetentionDays { get; set; } = 30;

    /// <summary>
    /// Memory the events waiting for the single writer may hold, in MB; past it, senders are told to
    /// retry (503 with Retry-After) instead of the process growing while the disk is slow.
    /// </summary>
    public int WriterQueueMegabytes { get; set; } = 64;
}
