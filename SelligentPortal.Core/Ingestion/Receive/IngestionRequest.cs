namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>What the HTTP layer read from a request.</summary>
public sealed record IngestionRequest(
    ReadOnlyMemory<byte> Body, string? HeaderWriteKey, string? Signature, string? ImpliedType, bool IsBatch, bool IsSingleEventDestination)
{
    /// <summary>A compressed body's bytes as sent (empty when the body came uncompressed): a signature may be over either.</summary>
    public ReadOnlyMemory<byte> SentBody { get; init; }
}
