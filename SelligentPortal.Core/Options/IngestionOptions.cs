namespace SelligentPortal.Core.Options;

/// <summary>Ingestion settings (configuration section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Days raw event payloads are kept before they are purged.</summary>
    public int RawPayloadRetentionDays { get; set; } = 30;
}
